import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, fetchJail, startJail } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { plan, planCommands, planDiff } from "./helpers/jails";
import { signIn } from "./helpers/session";

const name = `stk-unp-${randomBytes(3).toString("hex")}`;
const agent = () => agentConnection(e2eState().agentSocket);

test.setTimeout(120_000);
test.afterAll(async () => {
  await destroyJail(agent(), name).catch(() => undefined);
});

test("an admin makes a running privileged jail unprivileged from its page, through the agent's plan", async ({ page }) => {
  await createJail(agent(), { name, template: "busybox", parameters: { privileged: true } });
  await startJail(agent(), name);
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/jails/${name}`);

  await page.getByRole("button", { name: "Make unprivileged…" }).click();
  const view = plan(page, "unprivilege", name);
  await expect(view).toBeVisible();
  await expect(planCommands(view).first()).toContainText("lxc-stop");
  await expect(planCommands(view).filter({ hasText: "lxc-start " })).toHaveCount(1);
  await expect(planCommands(view).last()).toContainText("lxc-wait");
  await expect(planDiff(view)).toContainText(/lxc\.idmap = u 0 \d+ 65536/);
  await view.getByRole("button", { name: "Apply this plan" }).click();
  await expect(view).toBeHidden({ timeout: 60_000 });

  await expect(page.getByRole("button", { name: "Make unprivileged…" })).toBeHidden();
  const jail = await fetchJail(agent(), name);
  expect(jail).toMatchObject({ state: "running", parameters: { privileged: false } });
  // As the jail's root through lxc-attach run here (the agent has no method that runs a command in a jail).
  const map = await promisify(execFile)("lxc-attach", ["-P", e2eState().lxcPath, "-n", name, "--", "cat", "/proc/self/uid_map"]);
  expect(map.stdout.trim().split(/\s+/).map(Number)).toEqual([0, expect.any(Number), 65_536]);
  expect(Number(map.stdout.trim().split(/\s+/)[1])).toBeGreaterThanOrEqual(65_536);
});
