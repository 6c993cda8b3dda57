import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchJails } from "@/server/agent-client";
import type { Plan } from "@/server/agent/protocol";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, waitFor, type InProcessAgent, type TestEnv } from "./harness";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { contextFor, makeCaller } = await import("@/server/api/test-support/callers");
const { createCaller } = await import("@/server/api/root");
const { db } = await import("@/server/db/prisma");

const ROLES = ["www1", "www2", "www3", "dns1", "files1", "dev1", "dev2"];

/** The overview's button, as the browser calls it: layout.create answers at once, layout.progress is polled. */
describe.skipIf(!canRunLxc)("[integration] the example layout through tRPC, as the overview runs it", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let web: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
    const admin = await makeCaller("layout-admin", [{ role: "admin", scopeType: "host", scopeValue: "local" }]);
    web = createCaller(contextFor(admin, {}, env.config.socketPath));
  }, 60_000);

  afterAll(async () => {
    await a?.agent.close();
    if (env) await cleanupEnv(env);
    database.cleanup();
  });

  it("reports each jail's steps while it builds, and audits every jail's create plan on its own", { timeout: 10 * 60_000 }, async () => {
    const started = Date.now();
    const { id } = await web.layout.create({});
    expect(Date.now() - started).toBeLessThan(5_000);
    const seen = new Set<string>();
    const run = await waitFor(
      async () => {
        const now = await web.layout.progress({ id });
        if (!now.done) for (const step of now.steps) seen.add(`${step.jail}: ${step.step}`);
        return now.done ? now : null;
      },
      9 * 60_000,
      "the layout to finish",
    );
    expect(run.error).toBeNull();
    expect(run.results?.filter((r) => !r.ok)).toEqual([]);
    // Steps were there to see before the build ended: at least one jail's first step, polled mid-build.
    expect([...seen].some((s) => /: creating from (busybox|debian) at /.test(s))).toBe(true);
    for (const role of ROLES) expect(run.steps.filter((s) => s.jail === role).at(-1)?.step).toBe("ready");

    const audits = await db().auditEvent.findMany({ where: { action: "layout.create", targetType: "jail" } });
    expect(audits.map((e) => e.target).sort()).toEqual([...ROLES].sort());
    for (const event of audits) {
      const plan = (JSON.parse(event.details!) as { plan: Plan }).plan;
      expect(event).toMatchObject({ result: "ok", actorName: "layout-admin" });
      expect(plan).toMatchObject({ kind: "create", jail: event.target });
      expect(plan.commands.length).toBeGreaterThan(0);
    }
  });

  it("removes the layout, auditing the destroy plans it applied", { timeout: 5 * 60_000 }, async () => {
    const { removed } = await web.layout.remove();
    expect(removed.sort()).toEqual([...ROLES].sort());
    expect(await fetchJails(a.conn)).toEqual([]);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "layout.remove" } });
    const plans = (JSON.parse(event.details!) as { plans: Plan[] }).plans;
    expect(plans.map((p) => `${p.kind}:${p.jail}`).sort()).toEqual(ROLES.map((r) => `destroy:${r}`).sort());
  });
});
