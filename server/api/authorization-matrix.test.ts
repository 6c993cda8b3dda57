import { initTRPC } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "./init";
import { authorizationMismatches, type MatrixCaller } from "./test-support/authorization-matrix";
import { openRouterBed } from "./test-support/router-bed";

const { appRouter, caller, db, makeCaller, tokenCaller } = await openRouterBed({ agent: true });
const { generateApiToken } = await import("@/server/auth/api-tokens");

let callers: MatrixCaller[];

/** Calls a procedure by its dotted path, as the HTTP endpoint would. */
function byPath(caller: Awaited<ReturnType<typeof tokenCaller>>) {
  return (path: string, input: unknown) => {
    const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
    return (fn as (input: unknown) => Promise<unknown>)(input);
  };
}

beforeAll(async () => {
  const admin = await makeCaller("m-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
  const operator = await makeCaller("m-operator", [{ role: "operator", scopeType: "jail", scopeValue: "www1" }]);
  const viewer = await makeCaller("m-viewer", [{ role: "viewer", scopeType: "jail", scopeValue: "www1" }]);
  const { token, hash, prefix } = generateApiToken();
  await db().apiToken.create({
    data: { name: "matrix", hash, prefix, userId: admin.id, roleName: "operator", hostId: "local", scopeType: "jail", scopeValue: "www1" },
  });
  const session = (who: Caller | null) => byPath(caller(who));
  callers = [
    { label: "admin", role: "admin", scope: "host", call: session(admin) },
    { label: "operator of www1", role: "operator", scope: "jail", call: session(operator) },
    { label: "viewer of www1", role: "viewer", scope: "jail", call: session(viewer) },
    { label: "operator token for www1", role: "operator", scope: "jail", call: byPath(await tokenCaller(token)) },
    { label: "nobody", role: null, scope: "jail", call: session(null) },
  ];
}, 60_000);

describe("the authorization matrix", () => {
  it("every tRPC procedure, for admin / operator / viewer / token / nobody, in and out of scope, matches design.md's roles table", async () => {
    const procedures = appRouter._def.procedures as unknown as Parameters<typeof authorizationMismatches>[0];
    expect(Object.keys(procedures).length).toBeGreaterThan(20);
    expect(await authorizationMismatches(procedures, callers, { inScope: "www1", outOfScope: "db1" })).toEqual([]);
  }, 120_000);

  it("every host-aware procedure refuses an unrecorded host with NOT_FOUND, and a signed-out caller first with UNAUTHORIZED", async () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: { onHost?: boolean } } }>;
    const onHost = Object.keys(procedures).filter((path) => procedures[path]?._def.meta?.onHost);
    expect(onHost.length).toBeGreaterThan(20);
    const input = { name: "www1", jail: "www1", confirmName: "www1", id: "matrix-no-such-id", host: "nope" };
    const codeOf = (call: MatrixCaller["call"], path: string) =>
      call(path, input).then(
        () => "passed",
        (error: { code?: string }) => error.code,
      );
    const [admin, nobody] = [callers[0]!.call, callers.at(-1)!.call];
    const wrong = [];
    for (const path of onHost) {
      if ((await codeOf(admin, path)) !== "NOT_FOUND") wrong.push(`${path} as admin`);
      if ((await codeOf(nobody, path)) !== "UNAUTHORIZED") wrong.push(`${path} as nobody`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it("fails for a procedure that declares no permission (the test of the test)", async () => {
    const bare = initTRPC.create();
    const undeclared = bare.router({ sneaky: bare.procedure.query(() => "no check") });
    const procedures = undeclared._def.procedures as unknown as Parameters<typeof authorizationMismatches>[0];
    expect(await authorizationMismatches(procedures, callers, { inScope: "www1", outOfScope: "db1" })).toEqual([
      "sneaky: declares no permission",
    ]);
  });

  it("fails when what a procedure enforces differs from what the design says for its declaration", async () => {
    const procedures = {
      "jails.applyPlan": { _def: { meta: { permission: "jails.view", scope: "jail" } } },
    } as Parameters<typeof authorizationMismatches>[0];
    const viewerOnly = callers.filter((caller) => caller.label === "viewer of www1");
    // Declared as jails.view (viewers may), but the real jails.applyPlan enforces jails.manage: the matrix notices.
    const mismatches = await authorizationMismatches(procedures, viewerOnly, { inScope: "www1", outOfScope: "db1" });
    expect(mismatches).toEqual(["jails.applyPlan (jails.view, jail) as viewer of www1 on www1: got refused, design says passed"]);
  });
});
