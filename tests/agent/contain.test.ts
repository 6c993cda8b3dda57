import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, statfs, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJail, destroyJail, fetchJail, startJail, stopJail } from "@/server/agent-client";
import { assessPosture } from "@/shared/posture";
import type { CreateJailInput } from "@/server/agent/protocol";
import { attackFromInside, attacks, attackTable, hostRootDevice, type AttackResult, type AttackTarget } from "./attacks";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, type InProcessAgent, type TestEnv } from "./harness";

const MiB = 1024 * 1024;
const JAILS: Array<[string, Omit<CreateJailInput, "name">]> = [
  ["busybox", { template: "busybox" }],
  ["debian", { template: "debian" }],
  ["busybox with limits", { template: "busybox", limits: { maxProcesses: 64, memoryBytes: 128 * MiB, cpuPercent: 50 } }],
  ["debian with limits", { template: "debian", limits: { maxProcesses: 64, memoryBytes: 256 * MiB } }],
];
/** Capabilities no jail keeps (bit numbers from linux/capability.h). */
const DROPPED = { sys_module: 16, sys_rawio: 17, sys_boot: 22, sys_time: 25, mac_override: 32, mac_admin: 33 };

describe.skipIf(!canRunLxc)("[integration] a jail's root cannot reach the host", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let host: ChildProcess;
  /** A host directory every jail gets read-only at /srv/host, with a file anyone may write (the mount, not the mode, keeps it safe). */
  let served: string;
  const marker = `stk${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    served = await mkdtemp(path.join(tmpdir(), "stk-served-"));
    await chmod(served, 0o755);
    await writeFile(path.join(served, "open.txt"), "served by the host\n", { mode: 0o666 });
    await chmod(path.join(served, "open.txt"), 0o666);
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
    // A host process for the jail to try to see and kill, its command line marked.
    host = spawn("sleep", ["600"], { argv0: marker, stdio: "ignore" });
  });

  afterAll(async () => {
    host?.kill("SIGKILL");
    await a?.agent.close();
    if (env) await cleanupEnv(env);
    if (served) await rm(served, { recursive: true, force: true });
  });

  describe.each(JAILS)("%s", (label, input) => {
    const name = () => `${env.prefix}-${label.replace(/ with limits/, "-lim")}`;
    let target: AttackTarget;

    beforeAll(async () => {
      await createJail(a.conn, { name: name(), ...input, mounts: [{ hostPath: served, jailPath: "/srv/host" }] });
      await startJail(a.conn, name());
      target = {
        template: input.template as "busybox" | "debian",
        cgroupVersion: (await statfs("/sys/fs/cgroup")).type === 0x63677270 ? 2 : 1,
        hostRootDevice: await hostRootDevice(),
        hostPid: host.pid!,
        hostMarker: marker,
        agentSocket: env.config.socketPath,
        hostPath: env.root,
        hostMountInJail: "/srv/host",
      };
    }, 120_000);

    afterAll(async () => {
      await stopJail(a.conn, name(), 1).catch(() => undefined);
      await destroyJail(a.conn, name()).catch(() => undefined);
    });

    it("runs as an unprivileged root with seccomp and without the dangerous capabilities", async () => {
      const status = await attackFromInside(env.config.lxcPath, name(), {
        attempt: "status",
        script: "cat /proc/self/status /proc/self/uid_map",
        expected: /./,
      });
      const capEff = BigInt(`0x${/CapEff:\s*([0-9a-f]+)/.exec(status.output)?.[1] ?? "0"}`);
      for (const [cap, bit] of Object.entries(DROPPED)) expect({ cap, held: (capEff >> BigInt(bit)) & 1n }).toEqual({ cap, held: 0n });
      expect(status.output).toMatch(/Seccomp:\s*2/);
      const [inside, outside, count] = status.output.trim().split("\n").at(-1)!.trim().split(/\s+/).map(Number);
      expect({ inside, count }).toEqual({ inside: 0, count: 65_536 });
      expect(outside).toBeGreaterThanOrEqual(65_536);
    });

    it("reads its read-only host mount and cannot write it, though the file's mode would let anyone", async () => {
      const read = await attackFromInside(env.config.lxcPath, name(), { attempt: "read", script: "cat /srv/host/open.txt", expected: /./ });
      expect(read).toMatchObject({ exitCode: 0, output: "served by the host" });
      const write = await attackFromInside(env.config.lxcPath, name(), {
        attempt: "write the host mount",
        script: "echo changed > /srv/host/open.txt",
        expected: /Read-only file system/,
      });
      expect(write.refused).toBe(true);
      expect(await readFile(path.join(served, "open.txt"), "utf8")).toBe("served by the host\n");
      const jail = await fetchJail(a.conn, name());
      expect(jail.parameters["mounts.host"]).toBe(`${served} -> /srv/host (ro)`);
      expect(assessPosture(jail.parameters).find((f) => f.parameter === "mounts.host")?.severity).toBe("medium");
    });

    it("refuses every attempt with the expected error", async () => {
      const results: AttackResult[] = [];
      for (const attack of attacks(target)) results.push(await attackFromInside(env.config.lxcPath, name(), attack));
      console.log(attackTable(`${label} jail ${name()}`, results));
      expect(results.filter((r) => !r.refused).map((r) => `${r.attempt}: exit ${r.exitCode}, ${r.output}`)).toEqual([]);
      expect(host.exitCode).toBeNull();
      expect(host.signalCode).toBeNull();
    }, 120_000);
  });
});
