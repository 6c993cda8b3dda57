import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordedAgent, type RecordedAgent } from "@/server/api/test-support/recorded-agent";

const run = promisify(execFile);

let agent: RecordedAgent;
beforeAll(async () => void (agent = await startRecordedAgent()));
afterAll(async () => agent?.close());

/** `npm run demo -- ARGS` against the recorded FreeBSD agent: its exit code and output. */
async function demo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, STOCKADE_AGENT_SOCKET: agent.socketPath };
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "scripts/demo.ts", ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run demo's arguments, against the recorded FreeBSD agent", () => {
  it("--remove on a host without the layout's jails removes nothing and says so", async () => {
    expect(await demo("--remove")).toEqual({ code: 0, stdout: "no jails of the example layout on this host\n", stderr: "" });
  });

  it("refuses an unknown option or a stray argument", async () => {
    expect(await demo("--bogus")).toEqual({ code: 1, stdout: "", stderr: "Unknown option '--bogus'\n" });
    expect(await demo("www1")).toMatchObject({ code: 1, stdout: "", stderr: expect.stringMatching(/^Unexpected argument 'www1'/) });
  });

  it("refuses a malformed --dns-upstream with a sentence naming the option, before building anything", async () => {
    expect(await demo("--dns-upstream", "not an address")).toEqual({
      code: 1,
      stdout: "",
      stderr: "--dns-upstream: A DNS upstream is an IPv4 address, optionally with #PORT (e.g. 10.0.0.1 or 10.0.0.1#5353)\n",
    });
  });

  it("refuses an --ssh-key file that holds no public key with a sentence naming the option", async () => {
    expect(await demo("--ssh-key", "package.json")).toEqual({
      code: 1,
      stdout: "",
      stderr: "--ssh-key: An SSH public key is one line: its type (e.g. ssh-ed25519), the key, and an optional comment\n",
    });
  });

  it("says why the recorded FreeBSD host cannot take the layout", async () => {
    expect(await demo()).toEqual({
      code: 1,
      stdout: "",
      stderr: "The example layout needs the busybox and debian template, which this host does not have\n",
    });
  });
});
