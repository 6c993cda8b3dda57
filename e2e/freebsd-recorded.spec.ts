import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config";
import { startStack, type Stack } from "./fixtures/stack";
import { configOrigin, parameterRow } from "./helpers/jail-config";
import { openJailPage } from "./helpers/jails";
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

test.beforeAll(async () => {
  stack = await startStack("freebsd", port);
});
test.afterAll(async () => stack?.stop());
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
