import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callAgentUnchecked, createJail, openConsole, startJail, type AgentErrorCode } from "@/server/agent-client";
import type { AgentMethodName } from "@/server/agent/protocol";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, type InProcessAgent, type TestEnv } from "./harness";

const BAD_NAMES = [
  "a;reboot",
  "$(touch /tmp/pwned)",
  "`id`",
  "../../etc",
  "a b",
  "jäil",
  "名前",
  "x".repeat(300),
  "",
  "-rf",
  "a/b",
  "a.b",
  "a\nb",
];

describe.skipIf(!canRunLxc)("[integration] bad input is refused before any command runs", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let jailAddress: string;

  beforeAll(async () => {
    env = await makeTestEnv();
    // A slow poller so the command log only moves when a request runs something.
    a = await startInProcessAgent(env, 3_600_000);
    const jail = await createJail(a.conn, { name: `${env.prefix}-ok`, template: "busybox" });
    jailAddress = jail.ipv4[0]!;
  });

  afterAll(async () => {
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  async function expectRefused(method: AgentMethodName, body: unknown, code: AgentErrorCode, message: RegExp) {
    const before = a.commands.length;
    const error = await callAgentUnchecked(a.conn, method, body).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, `${method} ${JSON.stringify(body)}`).toMatchObject({ name: "AgentError", code });
    expect((error as Error).message).toMatch(message);
    expect(a.commands.slice(before), `commands run for ${method} ${JSON.stringify(body)}`).toEqual([]);
  }

  it.each(BAD_NAMES)("refuses the jail name %j in every method", async (name) => {
    const nameRule = /Jail names are 1–63 letters/;
    await expectRefused("jails.create", { name, template: "busybox" }, "invalid_input", nameRule);
    for (const method of ["jails.get", "jails.start", "jails.destroy"] as const)
      await expectRefused(method, { name }, "invalid_input", nameRule);
    await expectRefused("jails.stop", { name }, "invalid_input", nameRule);
    await expectRefused("jails.change", { name, limits: { maxProcesses: 10 } }, "invalid_input", nameRule);
  });

  it("refuses addresses outside the pool, taken, or the gateway", async () => {
    const name = `${env.prefix}-addr`;
    await expectRefused("jails.create", { name, template: "busybox", ipv4: "192.0.2.77" }, "invalid_input", /outside the pool/);
    await expectRefused("jails.create", { name, template: "busybox", ipv4: "10.999.0.1" }, "invalid_input", /ipv4/);
    await expectRefused(
      "jails.create",
      { name, template: "busybox", ipv4: jailAddress },
      "conflict",
      new RegExp(`already used by jail ${env.prefix}-ok`),
    );
    const gateway = env.config.pool.replace(/0\/28$/, "1");
    await expectRefused("jails.create", { name, template: "busybox", ipv4: gateway }, "conflict", /gateway/);
    await expectRefused("jails.change", { name: `${env.prefix}-ok`, ipv4: [gateway] }, "conflict", /gateway/);
  });

  it("refuses unknown parameters, fields and malformed values", async () => {
    const name = `${env.prefix}-param`;
    await expectRefused(
      "jails.create",
      { name, template: "busybox", parameters: { "lxc.cap.drop": "" } },
      "invalid_input",
      /Unknown parameter "lxc.cap.drop"/,
    );
    await expectRefused(
      "jails.create",
      { name, template: "busybox", parameters: { "allow.raw_sockets": "yes" } },
      "invalid_input",
      /must be a boolean/,
    );
    await expectRefused("jails.create", { name, template: "busybox", parameters: { "Bad Key": 1 } }, "invalid_input", /parameters/);
    await expectRefused("jails.create", { name, template: "busybox", hook: "/bin/sh" }, "invalid_input", /unknown field\(s\) hook/);
    await expectRefused("jails.create", { name, template: "busybox", hostname: "a;b" }, "invalid_input", /Host names/);
    await expectRefused("jails.create", { name, template: "busybox", limits: { maxProcesses: 1 } }, "invalid_input", /maxProcesses/);
    await expectRefused(
      "jails.change",
      { name: `${env.prefix}-ok`, parameters: { "lxc.mount.entry": "/ host none bind" } },
      "invalid_input",
      /Unknown parameter/,
    );
    await expectRefused("jails.create", { name, template: "../../bin" }, "invalid_input", /Template names/);
    // A share is named, never a path: nothing outside the agent's share directory, and nothing is made.
    for (const share of ["../x", "a/b", ".."]) {
      const mounts = [{ share, jailPath: "/srv/share" }];
      await expectRefused("jails.create", { name, template: "busybox", mounts }, "invalid_input", /mounts\.0\.share: Share names are/);
    }
    await expect(readdir(env.config.shareDir)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("has no method that runs a command in a jail: jails.exec is not found and runs nothing", async () => {
    const exec = "jails.exec" as AgentMethodName;
    await expectRefused(exec, { name: `${env.prefix}-ok`, argv: ["id"] }, "not_found", /No agent method/);
  });

  it("the typed client refuses the same input locally, and a bad PTY jail name never reaches a shell", async () => {
    const before = a.commands.length;
    await expect(createJail(a.conn, { name: "a;b", template: "busybox" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(startJail(a.conn, "$(id)")).rejects.toMatchObject({ code: "invalid_input" });
    await expect(openConsole(a.conn, { jail: "../x", cols: 80, rows: 24 })).rejects.toMatchObject({ code: "invalid_input" });
    expect(a.commands.slice(before)).toEqual([]);
  });
});
