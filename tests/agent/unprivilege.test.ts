import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyJailPlan, createJail, destroyJail, fetchJail, planJailChange, startJail, stopJail } from "@/server/agent-client";
import { attackFromInside } from "./attacks";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, type InProcessAgent, type TestEnv } from "./harness";

const lastMapLine = (output: string) => output.trim().split("\n").at(-1)!.trim().split(/\s+/).map(Number);

describe.skipIf(!canRunLxc).each(["busybox", "debian"] as const)(
  "[integration] a privileged %s jail migrated to unprivileged through a plan",
  (template) => {
    let env: TestEnv;
    let a: InProcessAgent;
    let name: string;
    const inside = (script: string) => attackFromInside(env.config.lxcPath, name, { attempt: script, script, expected: /./ });

    beforeAll(async () => {
      env = await makeTestEnv();
      a = await startInProcessAgent(env);
      name = `${env.prefix}-old-${template}`;
    });

    afterAll(async () => {
      await stopJail(a.conn, name, 1).catch(() => undefined);
      await destroyJail(a.conn, name).catch(() => undefined);
      await a?.agent.close();
      if (env) await cleanupEnv(env);
    });

    it("starts privileged: the host's identity map", { timeout: 60_000 }, async () => {
      await createJail(a.conn, { name, template, parameters: { privileged: true } });
      await startJail(a.conn, name);
      expect(lastMapLine((await inside("cat /proc/self/uid_map")).output)).toEqual([0, 0, 4_294_967_295]);
      const kept = await inside(
        "mkdir -p /root/notes && echo 'kept across the migration' > /root/notes/keep.txt && chown 100:101 /root/notes/keep.txt",
      );
      expect(kept.exitCode).toBe(0);
      expect((await fetchJail(a.conn, name)).parameters).toMatchObject({ privileged: true });
    });

    it("plans the migration: stop, the id map in and privileged out of the config, start again and wait for it", async () => {
      const plan = await planJailChange(a.conn, { kind: "unprivilege", name });
      expect(plan.kind).toBe("unprivilege");
      const dir = path.join(env.config.lxcPath, name);
      // A Debian clone's overlay (LXC mounted it) becomes the agent's, over the same upper layer.
      const overlay = [["mount", expect.stringContaining(`upperdir=${dir}/overlay/delta,`), path.join(dir, "rootfs")]];
      expect(plan.commands.map((c) => c.argv.slice(0, 1).concat(c.argv.slice(-2)))).toEqual([
        ["lxc-stop", "-t", "10"],
        ...(template === "debian" ? overlay : []),
        ["lxc-start", "-L", path.join(dir, "stockade-console.log")],
        ["lxc-wait", "-t", "10"],
      ]);
      if (template === "debian") {
        expect(plan.configBefore).toMatch(/^lxc\.rootfs\.path = overlay:/m);
        expect(plan.configAfter).toContain(`lxc.rootfs.path = dir:${path.join(dir, "rootfs")}\n`);
      }
      expect(plan.configBefore).not.toMatch(/lxc\.idmap/);
      expect(plan.configAfter).toMatch(/^lxc\.idmap = u 0 \d+ 65536$/m);
      expect(plan.warnings.join(" ")).toMatch(/stopped for the migration/);
      // Nothing happened yet.
      expect((await fetchJail(a.conn, name)).parameters).toMatchObject({ privileged: true });
    });

    it("applied, the jail runs in its own id range, mknod is refused and its files survived", { timeout: 120_000 }, async () => {
      const plan = await planJailChange(a.conn, { kind: "unprivilege", name });
      const start = Number(/^lxc\.idmap = u 0 (\d+) 65536$/m.exec(plan.configAfter!)![1]);
      const { jail } = await applyJailPlan(a.conn, { planId: plan.id, jail: name, kind: "unprivilege" });
      expect(jail).toMatchObject({ name, state: "running" });
      expect(jail!.parameters).toMatchObject({ privileged: false });

      expect(lastMapLine((await inside("cat /proc/self/uid_map")).output)).toEqual([0, start, 65_536]);
      const file = await inside("cat /root/notes/keep.txt && stat -c '%u:%g' /root/notes/keep.txt");
      expect(file).toMatchObject({ exitCode: 0, output: "kept across the migration\n100:101" });
      const onHost = await stat(path.join(env.config.lxcPath, name, "rootfs", "root", "notes", "keep.txt"));
      expect({ uid: onHost.uid, gid: onHost.gid }).toEqual({ uid: start + 100, gid: start + 101 });
      // The device rules refuse a block device's node in a privileged jail too; the id map is what changed.
      const mknod = await attackFromInside(env.config.lxcPath, name, {
        attempt: "mknod the host's root disk",
        script: "mknod /tmp/disk b 254 0 && dd if=/tmp/disk of=/dev/null bs=512 count=1",
        expected: /Operation not permitted/,
      });
      expect(mknod.refused).toBe(true);

      const definition = JSON.parse(await readFile(path.join(env.config.stateDir, "jails", `${name}.json`), "utf8"));
      const rootfs = template === "debian" ? "shifted-overlay" : "lxc";
      expect(definition).toMatchObject({ parameters: {}, security: { privileged: false, idRangeStart: start, rootfs } });
      expect(definition.parameters).not.toHaveProperty("privileged");
      await expect(readFile(path.join(env.config.stateDir, "operations", `${name}.json`))).rejects.toThrow();
      await expect(planJailChange(a.conn, { kind: "unprivilege", name })).rejects.toThrow(/already unprivileged/);
    });

    it("stops and starts again as an unprivileged jail", { timeout: 60_000 }, async () => {
      expect((await stopJail(a.conn, name)).state).toBe("stopped");
      await startJail(a.conn, name);
      expect((await inside("cat /root/notes/keep.txt")).output).toBe("kept across the migration");
    });
  },
);
