import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, unstable_localLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import superjson from "superjson";
import { beforeAll, describe, expect, it } from "vitest";
import { TRPCProvider } from "@/app/_trpc/client";
import type { Caller } from "@/server/api/init";
import type { AppRouter } from "@/server/api/root";
import { openRouterBed } from "@/server/api/test-support/router-bed";
import { ExampleLayoutOffer } from "./example-layout-offer";

const { appRouter, contextFor, makeCaller } = await openRouterBed();

let admin: Caller;
let viewer: Caller;

beforeAll(async () => {
  admin = await makeCaller("offer-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  viewer = await makeCaller("offer-viewer", [{ role: "viewer", scopeType: "host", scopeValue: "local" }]);
});

/**
 * The offer as the overview renders it for `who`: its describe query answered by the real router
 * for that caller (prefetched, as the server render cannot fetch), then the component rendered.
 */
async function offerFor(who: Caller, hostEmpty: boolean): Promise<string> {
  const queryClient = new QueryClient();
  const trpcClient = createTRPCClient<AppRouter>({
    links: [unstable_localLink({ router: appRouter, createContext: async () => contextFor(who), transformer: superjson })],
  });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
  await queryClient.prefetchQuery(trpc.layout.describe.queryOptions({ host: "local" }, { retry: false }));
  const offer = createElement(ExampleLayoutOffer, { hostEmpty });
  return renderToStaticMarkup(
    createElement(QueryClientProvider, { client: queryClient }, createElement(TRPCProvider, { trpcClient, queryClient, children: offer })),
  );
}

describe("the overview's example layout offer", () => {
  it("is offered to an admin on an empty host, with the layout's seven jails", async () => {
    const html = await offerFor(admin, true);
    expect(html).toContain("Start from the example layout");
    expect(html).toContain("Create the example layout");
    expect(html.match(/<tr class="border-t/g)).toHaveLength(7);
  });

  it("is not offered to an admin on a host that has jails", async () => {
    expect(await offerFor(admin, false)).toBe("");
  });

  it("is not offered to a viewer, even on an empty host", async () => {
    expect(await offerFor(viewer, true)).toBe("");
  });
});
