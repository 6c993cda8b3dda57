import { execFile } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchJails, fetchNetworkInfo } from "@/server/agent-client";
import type { Plan } from "@/server/agent/protocol";
import { applyLayout, removeLayout, type LayoutJailResult } from "@/server/layout/apply";
import { LAYOUT_SHARE } from "@/server/layout/classic";
import { startTestUpstream, type TestUpstream } from "./dns-upstream";
import { banner, httpGet, queryA } from "./probes";
import { canRunLxc, cleanupEnv, makeTestEnv, runInJail, startInProcessAgent, waitFor, type InProcessAgent, type TestEnv } from "./harness";

const run = promisify(execFile);
const ipToInt = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);

describe.skipIf(!canRunLxc)("[integration] the example layout", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let results: LayoutJailResult[];
  let upstream: TestUpstream | null = null;
  const plans: Plan[] = [];
  const byRole = (role: string) => results.find((r) => r.role === role)!;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
  });

  afterAll(async () => {
    await upstream?.close();
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  it("brings up seven jails on consecutive pool addresses, each running its service", { timeout: 20 * 60_000 }, async () => {
    const key = path.join(env.root, "id_ed25519");
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "layout-test", "-f", key]);
    // The machine has no internet: the cache's upstream is a resolver this test runs on the bridge's host address.
    const gateway = (await fetchNetworkInfo(a.conn)).pools[0]!.gateway!;
    upstream = await startTestUpstream(gateway, { "upstream-only.test": "192.0.2.53" });
    const steps: Array<{ jail: string; step: string }> = [];
    results = await applyLayout(a.conn, {
      prefix: env.prefix,
      sshPublicKey: await readFile(`${key}.pub`, "utf8"),
      dnsUpstream: upstream.server,
      onStep: (jail, step) => steps.push({ jail, step }),
      onPlan: (plan, error) => void (error ? undefined : plans.push(plan)),
    });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // Progress per jail, as the overview polls it: each jail's steps in order, ending ready.
    for (const r of results) {
      const own = steps.filter((s) => s.jail === r.name).map((s) => s.step);
      expect(own[0]).toMatch(/^creating from (busybox|debian) at /);
      expect(own).toContain("starting");
      expect(own.at(-1)).toBe("ready");
    }
    // Each jail was a create plan the agent computed and then applied as shown.
    expect(plans.map((p) => `${p.kind}:${p.jail}`).sort()).toEqual(results.map((r) => `create:${r.name}`).sort());
    expect(plans.every((p) => p.commands.length > 0 && p.configAfter?.includes("lxc.net.0.ipv4.address"))).toBe(true);
    expect(results.map((r) => r.role)).toEqual(["www1", "www2", "www3", "dns1", "files1", "dev1", "dev2"]);
    const addresses = results.map((r) => ipToInt(r.address));
    expect(addresses).toEqual(addresses.map((_, i) => addresses[0]! + i));

    const jails = await fetchJails(a.conn);
    for (const r of results)
      expect(jails.find((j) => j.name === r.name)).toMatchObject({ state: "running", ipv4: [r.address], tags: ["example"] });

    const www2 = byRole("www2");
    const page = await httpGet(www2.address);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<h1>${www2.name}</h1>`);

    const dns1 = byRole("dns1");
    expect(await queryA(dns1.address, `${www2.name}.lan`)).toBe(www2.address);
    // A name outside the layout is forwarded to the upstream, by the cache itself, and answered.
    expect(await queryA(dns1.address, "upstream-only.test")).toBe("192.0.2.53");
    expect(upstream.queries).toContainEqual({ from: dns1.address, name: "upstream-only.test" });
    const asked = upstream.queries.length;
    expect(await queryA(dns1.address, "upstream-only.test")).toBe("192.0.2.53");
    expect(upstream.queries.length).toBe(asked); // the second answer came from the cache
    const dev1 = byRole("dev1");
    // sshd starts with the Debian jail's rc scripts, which can still be running when a busy
    // machine reports the jail ready (CI ran every test file beside this one: refused once).
    expect(await waitFor(() => banner(dev1.address, 22), 30_000, "dev1's sshd banner")).toMatch(/^SSH-2\.0-OpenSSH/);
    const noHostKeys = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"];
    const login = await run("ssh", [
      "-i",
      key,
      "-o",
      "BatchMode=yes",
      "-o",
      "ConnectTimeout=5",
      ...noHostKeys,
      `root@${dev1.address}`,
      "hostname",
    ]);
    expect(login.stdout.trim()).toBe(dev1.name);
  });

  it("serves a directory shared read-only from the host on files1", { timeout: 2 * 60_000 }, async () => {
    const files1 = byRole("files1");
    const share = path.join(env.config.shareDir, LAYOUT_SHARE);
    // The plan said where the share is and that it is read-only.
    expect(plans.find((p) => p.jail === files1.name)?.warnings).toContain(`Host path mounted at each start: ${share} -> /srv/share (ro).`);
    // The agent made the share with an index page; busybox httpd in the jail serves it.
    expect((await httpGet(files1.address)).body).toContain("README.txt");
    const stamp = `written on the host at ${Date.now()}\n`;
    await writeFile(path.join(share, "from-host.txt"), stamp);
    expect(await httpGet(files1.address, 80, "/from-host.txt")).toEqual({ status: 200, body: stamp });
    // The jail's root cannot write into it, nor make it writable.
    const write = await runInJail(env.config.lxcPath, files1.name, ["sh", "-c", "echo jail > /srv/share/from-jail.txt"]);
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toMatch(/Read-only file system/);
    const remount = await runInJail(env.config.lxcPath, files1.name, ["mount", "-o", "remount,rw", "/srv/share"]);
    expect(remount.exitCode).not.toBe(0);
    const rm = await runInJail(env.config.lxcPath, files1.name, ["rm", "/srv/share/from-host.txt"]);
    expect(rm.exitCode).not.toBe(0);
    await expect(stat(path.join(share, "from-jail.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readFile(path.join(share, "from-host.txt"), "utf8")).toBe(stamp);
  });

  it("refuses to apply twice, then removes exactly its own jails", { timeout: 5 * 60_000 }, async () => {
    await expect(applyLayout(a.conn, { prefix: env.prefix })).rejects.toMatchObject({ code: "conflict" });
    const removed = await removeLayout(a.conn, { prefix: env.prefix });
    expect(removed.sort()).toEqual(results.map((r) => r.name).sort());
    expect(await fetchJails(a.conn)).toEqual([]);
    // Destroying files1 unmounted the share first: the host's files outlive the jail.
    expect(await readFile(path.join(env.config.shareDir, LAYOUT_SHARE, "README.txt"), "utf8")).toContain("Stockade share");
  });
});
