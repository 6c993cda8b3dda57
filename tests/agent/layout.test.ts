import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchJails } from "@/server/agent-client";
import { applyLayout, removeLayout, type LayoutJailResult } from "@/server/layout/apply";
import { banner, httpGet, queryA } from "./probes";
import { canRunLxc, cleanupEnv, makeTestEnv, startInProcessAgent, type InProcessAgent, type TestEnv } from "./harness";

const run = promisify(execFile);
const ipToInt = (a: string) => a.split(".").reduce((n, o) => n * 256 + Number(o), 0);

describe.skipIf(!canRunLxc)("[integration] the example layout", () => {
  let env: TestEnv;
  let a: InProcessAgent;
  let results: LayoutJailResult[];
  const byRole = (role: string) => results.find((r) => r.role === role)!;

  beforeAll(async () => {
    env = await makeTestEnv();
    a = await startInProcessAgent(env);
  });

  afterAll(async () => {
    await a?.agent.close();
    if (env) await cleanupEnv(env);
  });

  it("brings up seven jails on consecutive pool addresses, each running its service", { timeout: 20 * 60_000 }, async () => {
    const key = path.join(env.root, "id_ed25519");
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "layout-test", "-f", key]);
    results = await applyLayout(a.conn, { prefix: env.prefix, sshPublicKey: await readFile(`${key}.pub`, "utf8") });
    expect(results.filter((r) => !r.ok)).toEqual([]);
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
    expect((await httpGet(byRole("files1").address)).body).toContain("README.txt");

    expect(await queryA(byRole("dns1").address, `${www2.name}.lan`)).toBe(www2.address);
    const dev1 = byRole("dev1");
    expect(await banner(dev1.address, 22)).toMatch(/^SSH-2\.0-OpenSSH/);
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

  it("refuses to apply twice, then removes exactly its own jails", { timeout: 5 * 60_000 }, async () => {
    await expect(applyLayout(a.conn, { prefix: env.prefix })).rejects.toMatchObject({ code: "conflict" });
    const removed = await removeLayout(a.conn, { prefix: env.prefix });
    expect(removed.sort()).toEqual(results.map((r) => r.name).sort());
    expect(await fetchJails(a.conn)).toEqual([]);
  });
});
