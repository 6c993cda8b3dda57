import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgres, type TestPostgres } from "@/prisma/test-support/postgres";

/**
 * The web process's own code (better-auth's handler, the tRPC fetch handler and createCaller)
 * against a real PostgreSQL that is killed by its PID mid-test and started again.
 */
const ORIGIN = "http://127.0.0.1:3000";
const UNREACHABLE = /The database \(PostgreSQL\) is unreachable: sign-in and changes are refused until it is back\. Nothing was changed\./;
const PASSWORD = "pgdown correct horse battery";

type Modules = Awaited<ReturnType<typeof load>>;

async function load() {
  const { applyMigrations } = await import("@/server/db/migrate");
  await applyMigrations(process.env.DATABASE_URL);
  const { ensureBaseRows, createUser } = await import("@/server/auth/users");
  await ensureBaseRows("pgdown-host", "linux");
  await createUser({ username: "pgadmin", role: "admin", password: PASSWORD });
  const { auth } = await import("@/server/auth/auth");
  const { db } = await import("@/server/db/prisma");
  const { createRequestContext } = await import("./context");
  const { appRouter } = await import("./root");
  const { POST: trpcPost } = await import("@/app/api/trpc/[trpc]/route");
  const { POST: authPost } = await import("@/app/api/auth/[...all]/route");
  return { auth, db, createRequestContext, appRouter, trpcPost, authPost };
}

function signInRequest(password = PASSWORD): Request {
  return new Request(`${ORIGIN}/api/auth/sign-in/username`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "x-stockade-client-ip": "127.0.0.9" },
    body: JSON.stringify({ username: "pgadmin", password }),
  });
}

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** A change that writes a data row and an audit row: the API token a script would use. */
function tokenCreate(m: Modules, cookie: string, name: string) {
  return m.trpcPost(
    new Request(`${ORIGIN}/api/trpc/tokens.create`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, cookie },
      body: JSON.stringify({ json: { name, role: "viewer", scopeType: "host", scopeValue: "", expiresInDays: 1 } }),
    }),
  );
}

async function rowsNamed(m: Modules, name: string) {
  const tokens = await m.db().apiToken.count({ where: { name } });
  const audits = (await m.db().auditEvent.findMany({ where: { action: "tokens.create" } })).filter((event) =>
    event.details?.includes(`"name":"${name}"`),
  );
  return { tokens, audits: audits.length };
}

const bin = findPostgresBin();
describe.skipIf(!bin)("PostgreSQL down: sign-in and changes refused, nothing half-written [integration]", () => {
  let server: TestPostgres;
  let dir: string;
  let m: Modules;
  let cookie: string;

  beforeAll(async () => {
    server = await startPostgres(bin ?? "");
    dir = mkdtempSync(path.join(os.tmpdir(), "stockade-pgdown-"));
    process.env.STOCKADE_DATA_DIR = dir;
    process.env.DATABASE_URL = server.urlFor("pgdown");
    m = await load();
  });
  afterAll(async () => {
    await m?.db().$disconnect();
    server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("with PostgreSQL up, signs in and makes a change with its audit event", async () => {
    const response = await m.authPost(signInRequest());
    expect(response.status).toBe(200);
    cookie = cookieOf(response);
    expect((await tokenCreate(m, cookie, "before")).status).toBe(200);
    expect(await rowsNamed(m, "before")).toEqual({ tokens: 1, audits: 1 });
  });

  it("with PostgreSQL killed, refuses sign-in, a change over HTTP and through createCaller with the clear message", async () => {
    const headers = new Headers({ cookie });
    const caller = m.appRouter.createCaller(await m.createRequestContext(headers));
    await server.halt();

    const signIn = await m.authPost(signInRequest());
    expect(signIn.status).toBe(503);
    expect((await signIn.json()).message).toMatch(UNREACHABLE);

    const change = await tokenCreate(m, cookie, "during");
    expect(change.status).toBe(503);
    expect(JSON.stringify(await change.json())).toMatch(UNREACHABLE);

    const called = caller.tokens.create({ name: "during-caller", role: "viewer", scopeType: "host", scopeValue: "", expiresInDays: 1 });
    await expect(called).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(UNREACHABLE) });
    const newUser = caller.team.create({ username: "pgdown-new", name: "New", role: "viewer" });
    await expect(newUser).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", message: expect.stringMatching(UNREACHABLE) });
    await expect(m.createRequestContext(headers)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  });

  it("with PostgreSQL back, signs in and changes again, and nothing from the outage was written", async () => {
    server.resume();
    const response = await m.authPost(signInRequest());
    expect(response.status).toBe(200);
    expect((await tokenCreate(m, cookieOf(response), "after")).status).toBe(200);
    expect(await rowsNamed(m, "after")).toEqual({ tokens: 1, audits: 1 });
    expect(await rowsNamed(m, "during")).toEqual({ tokens: 0, audits: 0 });
    expect(await rowsNamed(m, "during-caller")).toEqual({ tokens: 0, audits: 0 });
    expect(await m.db().auditEvent.count({ where: { action: "tokens.create" } })).toBe(2);
    expect(await m.db().user.count({ where: { username: "pgdown-new" } })).toBe(0);
    expect(await m.db().auditEvent.count({ where: { action: "team.create" } })).toBe(0);
  });
});
