import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config";
import { startStack, type Stack } from "./fixtures/stack";
import {
  configOrigin,
  copyRecordedHost,
  driftPanel,
  driftRow,
  editRecordedFile,
  jailsListDriftBadge,
  parameterRow,
} from "./helpers/jail-config";
import { openJailPage, plan, planCommands, planDiff } from "./helpers/jails";
import { ipRows, openNetwork } from "./helpers/network";
import {
  filterProcessesByJail,
  jailSubtreeRow,
  liveStatus,
  processRow,
  processTree,
  recordedHostBadge,
  rowLevel,
} from "./helpers/overview";
import { signIn } from "./helpers/session";

// The whole dashboard against a FreeBSD host replayed from recorded jls/ps/rctl/ifconfig output.
const port = E2E_PORT + 2;
let stack: Stack;
// A copy of the recorded host, so a test can edit its files behind the agent's back.
let recorded: string;

test.beforeAll(async () => {
  recorded = copyRecordedHost("server/agent/drivers/freebsd/recorded-host");
  stack = await startStack("freebsd", port, { STOCKADE_FREEBSD_RECORDED_DIR: recorded });
});
test.afterAll(async () => {
  await stack?.stop();
  fs.rmSync(recorded, { recursive: true, force: true });
});
test.use({ baseURL: `http://127.0.0.1:${port}` });

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", stack.adminPassword);
  await expect(page).toHaveURL(/\/$/);
});

/** The jail subtree row and the process rows that must hang below it. */
const jailProcesses: Record<string, number[]> = {
  www1: [1201, 1250, 1251, 1252, 1290],
  db1: [1401, 1450, 1451, 1452],
  dev1: [1601, 1650, 1690],
};

test("the process tree shows each recorded jail as a subtree with its own processes", async ({ page }) => {
  await expect(recordedHostBadge(page)).toBeVisible();
  await expect(processTree(page)).toBeVisible();
  for (const [jail, pids] of Object.entries(jailProcesses)) {
    // The tree is virtualized: narrow it to one jail so every row of it is rendered.
    await filterProcessesByJail(page, jail);
    const jailRow = jailSubtreeRow(page, jail);
    await expect(jailRow).toBeVisible();
    const jailLevel = await rowLevel(jailRow);
    for (const pid of pids) {
      const row = processRow(page, pid);
      await expect(row).toBeVisible();
      expect(await rowLevel(row)).toBeGreaterThan(jailLevel);
    }
  }
  await filterProcessesByJail(page, "host");
  const hostSshd = processRow(page, 655);
  await expect(hostSshd).toBeVisible();
  expect(await rowLevel(hostSshd)).toBeLessThanOrEqual(2);
});

test("the IP table shows each jail's aliases from ip4.addr and ip6.addr", async ({ page }) => {
  await openNetwork(page);
  const aliases: [string, string][] = [
    ["192.0.2.11", "www1"],
    ["192.0.2.12", "db1"],
    ["192.0.2.13", "dev1"],
    ["2001:db8::21", "dev1"],
    ["2001:db8::22", "dev1"],
  ];
  for (const [address, jail] of aliases) {
    await expect(ipRows(page, address).filter({ hasText: jail }).first()).toBeVisible();
  }
});

test("an unreachable agent is reported within 2 s and the page recovers by itself", async ({ page }) => {
  await expect(liveStatus(page)).toHaveAccessibleName(/Live updates: Live/);
  stack.killAgent();
  await expect(liveStatus(page)).toHaveAccessibleName(/Agent offline/, { timeout: 2_000 });
  await stack.restartAgent();
  await expect(liveStatus(page)).toHaveAccessibleName(/Live updates: Live/, { timeout: 10_000 });
  await expect(jailSubtreeRow(page, "www1")).toBeVisible();
});

test("jails the host already had are adopted: effective parameters from /etc/jail.conf with the file and line of each", async ({
  page,
}) => {
  await openJailPage(page, "ns1");
  await expect(configOrigin(page)).toContainText("Defined in /etc/jail.conf");
  const securelevel = await parameterRow(page, "securelevel");
  await expect(securelevel).toContainText("3");
  await expect(securelevel).toContainText("/etc/jail.conf:15");
  await expect(await parameterRow(page, "devfs_ruleset")).toContainText("/etc/jail.conf:7");
  await openJailPage(page, "proxy1");
  await expect(configOrigin(page)).toContainText("/usr/local/bastille/jails/proxy1/jail.conf");
  await expect(configOrigin(page)).toContainText("managed by BastilleBSD");
});

test("a jail conf rewritten behind Stockade's back is flagged drifted with the differing key, and the plan reverts the running jail", async ({
  page,
}) => {
  await page.goto("/jails");
  await expect(page.getByRole("link", { name: "www1", exact: true })).toBeVisible();
  await expect(jailsListDriftBadge(page, "www1")).toHaveCount(0);
  editRecordedFile(recorded, "etc/jail.conf.d/www1.conf", (text) => text.replace("securelevel = 2;", "securelevel = 3;"));
  await expect(jailsListDriftBadge(page, "www1")).toBeVisible({ timeout: 15_000 });
  await openJailPage(page, "www1");
  const row = driftRow(page, "securelevel");
  await expect(row.getByRole("cell")).toHaveText(["3", "2"]);
  await driftPanel(page).getByRole("button", { name: "Revert to the file" }).click();
  const revert = plan(page, "change", "www1");
  await expect(planCommands(revert)).toHaveText([/jail -m name=www1 securelevel=3/]);
  editRecordedFile(recorded, "etc/jail.conf.d/www1.conf", (text) => text.replace("securelevel = 3;", "securelevel = 2;"));
  await expect(driftPanel(page)).toHaveCount(0, { timeout: 15_000 });
});

test("an adopted jail of /etc/jail.conf moves to its own jail.conf.d file: the plan shows both files", async ({ page }) => {
  await openJailPage(page, "ns1");
  await page.getByRole("button", { name: "Move to its own jail.conf.d file" }).click();
  const move = plan(page, "move", "ns1");
  const created = planDiff(move, "/etc/jail.conf.d/ns1.conf");
  await expect(created).toContainText("ns1, moved here by Stockade from /etc/jail.conf.");
  await expect(created).toContainText('path = "$jails/$name";');
  const cut = planDiff(move, "/etc/jail.conf");
  await expect(cut.getByText("removed: ns1 {")).toBeVisible();
  await expect(cut.getByRole("heading")).toContainText("removed");
  await expect(move.getByRole("button", { name: "Apply this plan" })).toBeEnabled();
});

test("a definition file locked with chflags is named in the plan, which cannot be applied", async ({ page }) => {
  await openJailPage(page, "backup1");
  await page.getByRole("button", { name: "Move to its own jail.conf.d file" }).click();
  const move = plan(page, "move", "backup1");
  await expect(move.getByRole("list", { name: "Files that cannot be written" })).toContainText(
    "/usr/local/etc/jail.conf.d/backup1.conf cannot be written: the file is user immutable (uchg)",
  );
  await expect(move.getByRole("button", { name: "Apply this plan" })).toBeDisabled();
});
