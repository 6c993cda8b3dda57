import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJail, fetchProcessSnapshot, installPackages, restartJail, startJail, writeJailFile } from "@/server/agent-client";
import { httpGet } from "./probes";
import { canRunLxc, cleanupEnv, makeTestEnv, startAgentWithEvents, waitFor, type AgentWithEvents, type TestEnv } from "./harness";

describe.skipIf(!canRunLxc)("[integration] jails that boot their services", () => {
  let env: TestEnv;
  let a: AgentWithEvents;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startAgentWithEvents(env);
  });

  afterAll(async () => {
    a?.subscription.close();
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  const jailProcesses = async (name: string) => (await fetchProcessSnapshot(a.conn)).processes.filter((p) => p.jail === name);

  it("busybox: init runs the rc scripts in /etc/init.d at boot, so a service written there serves after a restart", async () => {
    const name = `${env.prefix}-bb`;
    await createJail(a.conn, { name, template: "busybox" });
    const { ipv4 } = await startJail(a.conn, name);
    await writeJailFile(a.conn, { name, path: "/www/index.html", content: `<h1>${name}</h1>\n` });
    await writeJailFile(a.conn, {
      name,
      path: "/etc/init.d/S50httpd",
      mode: "0755",
      content: '#!/bin/sh\n[ "$1" = start ] && httpd -p 80 -h /www\n',
    });
    // A service still starting in the background when rcS ends: the console's hangup must not reach it.
    await writeJailFile(a.conn, {
      name,
      path: "/etc/init.d/S60late",
      mode: "0755",
      content: '#!/bin/sh\n[ "$1" = start ] && sleep 600 &\n',
    });
    await restartJail(a.conn, name);
    // A restart returns once init runs (LXC's RUNNING); its rc scripts run after, so the test waits for their end.
    await waitFor(
      async () => {
        const found = await jailProcesses(name);
        return found.some((p) => p.args.startsWith("httpd")) && !found.some((p) => p.args.includes("/etc/init.d/rcS"));
      },
      10_000,
      "httpd started and rcS ended",
    );
    expect(await waitFor(() => httpGet(ipv4[0]!), 5000, "httpd to answer")).toEqual({ status: 200, body: `<h1>${name}</h1>\n` });
    const processes = await jailProcesses(name);
    expect(processes.find((p) => p.pidInJail === 1)?.args).toMatch(/^init/);
    const daemons = processes.filter((p) => p.args === "/bin/syslogd" || p.args === "sleep 600").map((p) => p.args);
    expect(daemons.sort()).toEqual(["/bin/syslogd", "sleep 600"]);
  });

  it(
    "debian: sysvinit reaches runlevel 2, and a package installed from the host's sources starts at the next boot",
    { timeout: 15 * 60_000 },
    async () => {
      const name = `${env.prefix}-deb`;
      await createJail(a.conn, { name, template: "debian" });
      await startJail(a.conn, name);
      // argv rewrites ("init [2]") reach the snapshot only at its periodic refresh: the rc2.d service below proves the runlevel.
      await waitFor(
        async () => (await jailProcesses(name)).some((p) => p.pidInJail === 1 && p.command === "init"),
        15_000,
        "sysvinit as pid 1",
      );

      const before = a.events.length;
      const result = await installPackages(a.conn, name, ["dnsmasq"]);
      const returnedAt = Date.now();
      expect(result.installed).toEqual(expect.arrayContaining(["dnsmasq", "dnsmasq-base"]));
      // apt's and dpkg's output streamed as jail.output events while they ran, not handed over at the end.
      const output = a.events.slice(before).filter((e) => e.type === "jail.output" && e.jail === name && e.phase === "packages");
      const text = output.map((e) => (e.type === "jail.output" ? e.data : "")).join("");
      expect(text).toMatch(/dnsmasq/);
      expect(text).toMatch(/Unpacking dnsmasq-base/);
      expect(text).toMatch(/Setting up dnsmasq /);
      expect(returnedAt - output[0]!.at).toBeGreaterThan(500);
      expect(new Set(output.map((e) => e.at)).size).toBeGreaterThan(3);
      const progress = a.events.filter((e) => e.type === "progress" && e.task === `packages:${name}`);
      expect(progress.some((e) => e.type === "progress" && /Setting up dnsmasq/.test(e.message))).toBe(true);
      expect(progress.at(-1)).toMatchObject({ done: true });

      await restartJail(a.conn, name);
      await waitFor(async () => (await jailProcesses(name)).some((p) => p.command === "dnsmasq"), 15_000, "dnsmasq started by rc2.d");
      expect(await installPackages(a.conn, name, ["dnsmasq"])).toMatchObject({ installed: [] });
    },
  );

  it("refuses packages for a busybox jail and names unknown packages", async () => {
    await expect(installPackages(a.conn, `${env.prefix}-bb`, ["dnsmasq"])).rejects.toMatchObject({ code: "unsupported" });
    await expect(installPackages(a.conn, `${env.prefix}-deb`, ["stockade-no-such-package"])).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining("stockade-no-such-package"),
    });
    await expect(installPackages(a.conn, `${env.prefix}-deb`, ["-o"])).rejects.toMatchObject({ code: "invalid_input" });
  });
});
