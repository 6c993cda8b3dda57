import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createRequestContext } from "@/server/api/context";
import { appRouter } from "@/server/api/root";
import { webConfig } from "@/server/config";
import { crossOriginRefusal } from "@/server/http/same-origin";

export const dynamic = "force-dynamic";

function handler(request: Request) {
  const refusal = request.method === "GET" ? null : crossOriginRefusal(request.headers, webConfig().origin);
  if (refusal)
    return Response.json({ error: { message: refusal, code: -32003, data: { code: "FORBIDDEN", httpStatus: 403 } } }, { status: 403 });
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request.headers),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
