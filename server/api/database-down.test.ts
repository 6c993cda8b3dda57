import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgres, type TestPostgres } from "@/prisma/test-support/postgres";
import { agentConnection } from "@/server/agent-client/connection";
import { recordedAgentHooks } from "./test-support/recorded-agent";
import { localPlace } from "./host-place";

/**
 * The web process's own code (better-auth's handler, the tRPC fetch handler and createCaller)
 * against a real PostgreSQL that is killed by its PID mid-test and started again.
 */
const ORIGIN = "http://127.0.0.1:3000";
const UNREACHABLE = /The database \(PostgreSQL\) is unreachable: sign-in and changes are refused until it is back\. Nothing was changed\./;
const PASSWORD = "pgdown correct horse battery";
const KEPT =
  /audit event was written: the change may have been made on the host\. The event is kept on the web's disk and will be written to the audit log when the database is back\./;

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

/** An agent socket that kills PostgreSQL when a call arrives (after the change's pre-check), then passes the call on. */
function agentThatHaltsFirst(socketPath: string, upstream: () => string, halt: () => Promise<void>): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    void halt().then(() => {
      const options = { socketPath: upstream(), path: request.url, method: request.method, headers: request.headers };
      const forwarded = http.request(options, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      request.pipe(forwarded);
    });
  });
  return new Promise((resolve) => server.listen(socketPath, () => resolve(server)));
}

/** What the web's audit spool under this data directory holds. */
const spoolFiles = (dataDir: string) => {
  const spool = path.join(dataDir, "audit-spool");
  return existsSync(spool) ? readdirSync(spool).sort() : [];
};

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
  let haltingAgent: http.Server | undefined;
  let m: Modules;
  let cookie: string;
  const recordedAgent = recordedAgentHooks();

  beforeAll(async () => {
    server = await startPostgres(bin ?? "");
    dir = mkdtempSync(path.join(os.tmpdir(), "stockade-pgdown-"));
    haltingAgent = await agentThatHaltsFirst(path.join(dir, "halting-agent.sock"), recordedAgent, () => server.halt());
    process.env.STOCKADE_DATA_DIR = dir;
    process.env.DATABASE_URL = server.urlFor("pgdown");
    m = await load();
  });
  afterAll(async () => {
    haltingAgent?.close();
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
    cookie = cookieOf(response);
    expect((await tokenCreate(m, cookie, "after")).status).toBe(200);
    expect(await rowsNamed(m, "after")).toEqual({ tokens: 1, audits: 1 });
    expect(await rowsNamed(m, "during")).toEqual({ tokens: 0, audits: 0 });
    expect(await rowsNamed(m, "during-caller")).toEqual({ tokens: 0, audits: 0 });
    expect(await m.db().auditEvent.count({ where: { action: "tokens.create" } })).toBe(2);
    expect(await m.db().user.count({ where: { username: "pgdown-new" } })).toBe(0);
    expect(await m.db().auditEvent.count({ where: { action: "team.create" } })).toBe(0);
  });

  it("a jail start during which PostgreSQL goes away is refused saying its audit event is kept; once it is back the event is written with its time", async () => {
    const context = await m.createRequestContext(new Headers({ cookie }));
    const caller = m.appRouter.createCaller({ ...context, ...localPlace(agentConnection(path.join(dir, "halting-agent.sock"))) });
    const before = Date.now();
    await expect(caller.jails.start({ name: "old1" })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      message: expect.stringMatching(KEPT),
    });
    const afterRefusal = Date.now();
    expect(spoolFiles(dir)).toEqual(["pending.jsonl"]);

    server.resume();
    await expect(m.db().auditEvent.count({ where: { action: "jails.start" } })).resolves.toBe(0);
    // The next change's pre-check finds the database back and drains the spool beside it.
    expect((await tokenCreate(m, cookie, "after-start")).status).toBe(200);
    await expect.poll(() => m.db().auditEvent.findMany({ where: { action: "jails.start" } }), { timeout: 10_000 }).toHaveLength(1);
    const [event] = await m.db().auditEvent.findMany({ where: { action: "jails.start" } });
    expect(event).toMatchObject({ actorName: "pgadmin", hostId: "local", targetType: "jail", target: "old1", details: '{"name":"old1"}' });
    // The recorded host refuses to change, so the event kept is the start's "error" with the agent's message.
    expect(event).toMatchObject({ result: "error", message: expect.stringMatching(/replayed from recordings/) });
    expect(event?.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(event?.at.getTime()).toBeLessThanOrEqual(afterRefusal);
    expect(spoolFiles(dir)).toEqual([]);
  });
});
