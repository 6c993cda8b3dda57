import pino from "pino";
import { describe, expect, it } from "vitest";
import { actions, recordedHostRunner, testDriver } from "../drivers/freebsd/driver-fixture";
import type { RecordingRunner } from "../drivers/freebsd/runner";
import type { Plan } from "../protocol";
import { createMethods } from "./index";
import { PlanStore } from "./plans";

const CONF = (name: string) => `/etc/jail.conf.d/${name}.conf`;
const RCTL = ["rctl", "-r", "jail:www1"];
const rule = (r: string) => ["rctl", "-a", `jail:www1:${r}`];

function agentOver(runner: RecordingRunner) {
  return createMethods(testDriver(runner), pino({ level: "silent" }), { idleMs: 60_000, scrollbackBytes: 4096 });
}

const planOf = (methods: ReturnType<typeof agentOver>, request: unknown) => methods.call("jails.plan", request) as Promise<Plan>;

describe("jails.plan and jails.apply (FreeBSD, recording runner)", () => {
  it("plans a create without running anything that changes the host, then applies exactly its commands and conf", async () => {
    const runner = recordedHostRunner();
    runner
      .on(["mkdir", "/usr/local/jails/web2"], {})
      .on(["tar", "-x", "-f", "/usr/local/jails/media/base.txz", "-C", "/usr/local/jails/web2"], {});
    const methods = agentOver(runner);
    const plan = await planOf(methods, { kind: "create", input: { name: "web2", template: "base", limits: { maxProcesses: 64 } } });
    expect(plan).toMatchObject({ kind: "create", jail: "web2", configPath: CONF("web2"), configBefore: null });
    expect(plan.commands.map((c) => c.argv)).toEqual([
      ["mkdir", "/usr/local/jails/web2"],
      ["tar", "-x", "-f", "/usr/local/jails/media/base.txz", "-C", "/usr/local/jails/web2"],
    ]);
    expect(plan.configAfter).toContain('ip4.addr = "em0|192.0.2.2/32";');
    expect(actions(runner)).toEqual([["ifconfig", "-a"]]);
    expect(runner.calls.some((c) => c.kind !== "run")).toBe(false);

    const applied = (await methods.call("jails.apply", { planId: plan.id })) as { plan: Plan; jail: { name: string } | null };
    expect(applied.jail).toMatchObject({ name: "web2", state: "stopped", limits: { maxProcesses: 64 } });
    const changing = actions(runner).filter((argv) => argv[0] !== "ifconfig");
    expect(changing).toEqual(plan.commands.map((c) => c.argv));
    expect(runner.files.get(CONF("web2"))).toBe(plan.configAfter);
    await expect(methods.call("jails.apply", { planId: plan.id })).rejects.toMatchObject({ code: "stale_plan", message: /plan .* again/ });
  });

  it("says which fields of a running jail change live and which wait for a restart", async () => {
    const methods = agentOver(recordedHostRunner());
    const plan = await planOf(methods, {
      kind: "change",
      input: { name: "www1", limits: { memoryBytes: 1073741824 }, parameters: { devfs_ruleset: 5 }, tags: ["web", "prod"] },
    });
    expect(plan.effects).toEqual([
      { field: "parameters.devfs_ruleset", when: "next-start" },
      { field: "limits", when: "live" },
      { field: "tags", when: "now" },
    ]);
    expect(plan.warnings.join(" ")).toMatch(/parameters.devfs_ruleset take effect when www1 is restarted/);
    expect(plan.configBefore).toContain("devfs_ruleset = 4;");
    expect(plan.configAfter).toContain("devfs_ruleset = 5;");
    expect(plan.commands.map((c) => c.argv)).toEqual([
      RCTL,
      rule("memoryuse:deny=1073741824"),
      rule("maxproc:deny=200"),
      rule("pcpu:deny=50"),
    ]);
  });

  it("refuses the second of two admins' changes to the same jail as stale, asking to plan again", async () => {
    const runner = recordedHostRunner();
    for (const argv of [
      RCTL,
      rule("memoryuse:deny=1073741824"),
      rule("memoryuse:deny=536870912"),
      rule("maxproc:deny=200"),
      rule("pcpu:deny=50"),
    ]) {
      runner.on(argv, {});
    }
    const methods = agentOver(runner);
    const first = await planOf(methods, { kind: "change", input: { name: "www1", limits: { memoryBytes: 1073741824 } } });
    const second = await planOf(methods, { kind: "change", input: { name: "www1", limits: { memoryBytes: 536870912 } } });
    await methods.call("jails.apply", { planId: first.id });
    await expect(methods.call("jails.apply", { planId: second.id })).rejects.toMatchObject({
      code: "stale_plan",
      message: expect.stringMatching(/www1 changed since this plan was made.*plan the change again/),
    });
    expect(runner.files.get(CONF("www1"))).toBe(first.configAfter);
  });

  it("destroys with exactly the planned commands and reports no jail afterwards", async () => {
    const runner = recordedHostRunner();
    const steps = [
      ["rctl", "-r", "jail:old1"],
      ["chflags", "-R", "0", "/usr/local/jails/old1"],
      ["rm", "-rf", "/usr/local/jails/old1"],
    ];
    for (const argv of steps) runner.on(argv, {});
    const methods = agentOver(runner);
    const plan = await planOf(methods, { kind: "destroy", name: "old1" });
    expect(plan.commands.map((c) => c.argv)).toEqual(steps);
    expect(plan.configAfter).toBeNull();
    expect(plan.configBefore).toBe(runner.files.get(CONF("old1")));
    await expect(methods.call("jails.apply", { planId: plan.id })).resolves.toMatchObject({ jail: null, plan: { id: plan.id } });
    expect(actions(runner)).toEqual(steps);
    expect(runner.files.has(CONF("old1"))).toBe(false);
  });

  it("refuses a plan applied as another jail's or another kind, and unknown plan ids", async () => {
    const methods = agentOver(recordedHostRunner());
    const plan = await planOf(methods, { kind: "destroy", name: "old1" });
    await expect(methods.call("jails.apply", { planId: plan.id, jail: "www1" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(methods.call("jails.apply", { planId: plan.id, kind: "change" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(methods.call("jails.apply", { planId: "0".repeat(32) })).rejects.toMatchObject({ code: "stale_plan" });
  });

  it("refuses bad input before planning, naming the field", async () => {
    const methods = agentOver(recordedHostRunner());
    const refusals: Array<[unknown, string, string]> = [
      [{ kind: "create", input: { name: "www1", template: "base" } }, "conflict", "name"],
      [{ kind: "create", input: { name: "x1", template: "nope" } }, "not_found", "template"],
      [{ kind: "create", input: { name: "x1", template: "base", ipv4: "198.51.100.7" } }, "invalid_input", "ipv4"],
      [{ kind: "create", input: { name: "x1", template: "base", ipv4: "192.0.2.12" } }, "conflict", "ipv4"],
    ];
    for (const [request, code, field] of refusals) {
      await expect(planOf(methods, request)).rejects.toMatchObject({ code, details: expect.objectContaining({ field }) });
    }
    const invalid: Array<[Record<string, unknown>, string]> = [
      [{ name: "x.1", template: "base" }, "name"],
      [{ name: "x1", template: "base", hostname: "127.0.0.1" }, "hostname"],
      [{ name: "x1", template: "base", limits: { memoryBytes: 1024 } }, "limits.memoryBytes"],
      [{ name: "x1", template: "base", limits: { maxProcesses: 2 } }, "limits.maxProcesses"],
      [{ name: "x1", template: "base", color: "red" }, "color"],
    ];
    for (const [input, field] of invalid) {
      await expect(planOf(methods, { kind: "create", input })).rejects.toMatchObject({ code: "invalid_input", details: { field } });
    }
    await expect(
      planOf(methods, { kind: "create", input: { name: "x1", template: "base", parameters: { "allow.everything": true } } }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("PlanStore", () => {
  it("forgets plans after a quarter of an hour", () => {
    let now = 0;
    const store = new PlanStore(() => now);
    const plan = store.add(
      { kind: "destroy", name: "a" },
      {
        shown: {
          kind: "destroy",
          jail: "a",
          configPath: "",
          configBefore: null,
          configAfter: null,
          commands: [],
          effects: [],
          warnings: [],
        },
        revision: "",
        execution: null,
      },
    );
    now = 15 * 60_000;
    expect(() => store.take({ planId: plan.id })).toThrow(expect.objectContaining({ code: "stale_plan" }));
  });
});
