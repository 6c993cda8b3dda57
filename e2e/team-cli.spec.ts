import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { signIn } from "./helpers/session";
import { createApiToken } from "./helpers/team";

const run = promisify(execFile);
const suffix = randomBytes(3).toString("hex");
const inScope = `stk-cli-in-${suffix}`;
const outOfScope = `stk-cli-out-${suffix}`;
const agent = () => agentConnection(e2eState().agentSocket);

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  await createJail(agent(), { name: inScope, template: "busybox" });
  await createJail(agent(), { name: outOfScope, template: "busybox" });
});
test.afterAll(async () => {
  for (const name of [inScope, outOfScope]) await destroyJail(agent(), name).catch(() => undefined);
});

function cli(args: string[], token: string, baseURL: string) {
  return run("node", ["--import", "tsx", "scripts/stockade.ts", ...args], {
    env: { ...process.env, STOCKADE_TOKEN: token, STOCKADE_URL: baseURL },
  });
}

test("a token made on the Team page drives the CLI: lists only its jail, starts it, is refused for another", async ({ page, baseURL }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  const token = await createApiToken(page, { name: "ci", role: "operator", scopeType: "jail", scopeValue: inScope });
  expect(token).toMatch(/^stk_/);

  const listed = await cli(["jails", "list"], token, baseURL!);
  expect(
    listed.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t")[0]),
  ).toEqual([inScope]);
  const started = await cli(["jails", "start", inScope], token, baseURL!);
  expect(started.stdout).toContain(`${inScope}\trunning`);
  const refused = await cli(["jails", "start", outOfScope], token, baseURL!).catch((error: { code: number; stderr: string }) => error);
  expect(refused).toMatchObject({ code: 1 });
  expect((refused as { stderr: string }).stderr).toMatch(/Stockade refused: You do not have permission to do this \(jails.power\)/);
});
