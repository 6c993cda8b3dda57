import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, fetchJails, startJail } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { openJailPage, startMarkedSleep, usageChart } from "./helpers/jails";
import { ipRows, openNetwork } from "./helpers/network";
import {
  filterProcessesByJail,
  jailCard,
  jailSubtreeRow,
  liveStatus,
  noteFirstTreePlace,
  openProcessDetails,
  processTree,
  rowLevel,
  searchProcesses,
  treePlaces,
} from "./helpers/overview";
import { signIn } from "./helpers/session";

// A real busybox jail made through the agent that the run's web process talks to.
const jail = `stk-e2e-${randomBytes(3).toString("hex")}`;
const marker = `stkmark${randomBytes(3).toString("hex")}`;
const agent = () => agentConnection(e2eState().agentSocket);
let address: string;

test.describe.configure({ mode: "serial" });
// A laptop screen, the size the overview is designed to fit.
test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  const created = await createJail(agent(), { name: jail, template: "busybox" });
  address = created.ipv4[0]!;
  await startJail(agent(), jail);
});
test.afterAll(async () => {
  await destroyJail(agent(), jail).catch(() => undefined);
});

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
});

test("a process started in a jail appears in its subtree within 2 s and goes when it exits", async ({ page }) => {
  // The tree is virtualized: narrow it to the jail before looking for rows in it.
  await filterProcessesByJail(page, jail);
  await expect(jailSubtreeRow(page, jail)).toBeVisible();
  await searchProcesses(page, marker);
  await startMarkedSleep(e2eState().lxcPath, jail, marker, 5);
  const started = Date.now();
  const row = processTree(page).getByRole("row", { name: /^pid \d+ sh$/ });
  await expect(row).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(await rowLevel(row)).toBeGreaterThan(await rowLevel(jailSubtreeRow(page, jail)));
  await expect(row).toHaveCount(0, { timeout: 10_000 });
});

test("after sign-in, the first screen of the overview shows every running jail, and the tree opens with them", async ({ page }) => {
  const running = (await fetchJails(agent())).filter((each) => each.state === "running");
  expect(running.map((each) => each.name)).toContain(jail);
  for (const each of running) await expect(jailCard(page, each.name)).toBeInViewport();
  // The tree opens with the jails, not with 100 rows of host processes.
  await expect(processTree(page).getByRole("row").nth(1)).toHaveAccessibleName(/^jail /);
  // Within the first screen too: the page above the tree is compact enough at 1366×768 (issue 13).
  for (const each of running) await expect(jailSubtreeRow(page, each.name)).toBeInViewport();
});

test("the tree layout is jails first until host-tree is chosen, and the choice survives a reload", async ({ page }) => {
  const layout = page.getByRole("combobox", { name: "Tree layout" });
  await expect(layout).toHaveValue("jails-first");
  await expect(processTree(page).getByRole("row").nth(1)).toHaveAccessibleName(/^jail /);
  await layout.selectOption("host-tree");
  // The host's own tree: its init (pid 1) is the first row under the heading row.
  await expect(processTree(page).getByRole("row").nth(1)).toHaveAccessibleName(/^pid 1 /);
  await page.reload();
  await expect(layout).toHaveValue("host-tree");
  await expect(processTree(page).getByRole("row").nth(1)).toHaveAccessibleName(/^pid 1 /);
});

test("the details panel shows all its fields for a process in a short filtered tree, beside or below the grid", async ({ page }) => {
  // Once the tree is drawn the page is: what sits above it came with it (the test below), so nothing pushes the panel away.
  await expect(
    processTree(page)
      .getByRole("row", { name: /^pid \d+ / })
      .first(),
  ).toBeVisible();
  await filterProcessesByJail(page, jail);
  const row = processTree(page)
    .getByRole("row", { name: /^pid \d+ / })
    .first();
  const details = await openProcessDetails(row);
  for (const field of ["Command line", "PID", "Parent", "Jail", "User", "State", "CPU", "Memory", "Started"]) {
    await expect(details.getByText(field, { exact: true })).toBeInViewport();
  }
  const panel = (await details.boundingBox())!;
  const grid = (await processTree(page).boundingBox())!;
  const overlaps =
    panel.x < grid.x + grid.width && grid.x < panel.x + panel.width && panel.y < grid.y + grid.height && grid.y < panel.y + panel.height;
  expect(overlaps).toBe(false);
});

test("nothing above the tree moves it after it is drawn: the host strip, the host select and the jail cards come with the page", async ({
  page,
}) => {
  await page.addInitScript(noteFirstTreePlace);
  await page.goto("/");
  // Everything the page goes on to load after its first frame: the socket, and the queries of the strip, the select and the cards.
  await expect(liveStatus(page)).toHaveAccessibleName(/Live updates: Live/, { timeout: 15_000 });
  await expect(jailCard(page, jail)).toBeVisible();
  await expect(page.getByText(/^Loading /)).toHaveCount(0);
  await page.waitForLoadState("networkidle");
  const { first, now } = await treePlaces(page);
  expect(now).toEqual(first);
});

test("the overview's HTML already holds the first tree rows: they do not wait for the socket", async ({ page }) => {
  const html = await (await page.request.get("/")).text();
  expect(html).toMatch(/role="treegrid"[^>]*aria-label="Processes"/);
  expect(html).toMatch(/role="row"[^>]*aria-level="1"/);
});

test("the host card's process count is the tree's own: one snapshot, even while the host's processes change", async ({ page }) => {
  const counter = page.getByText(/^\d+ of \d+ processes shown/);
  await expect(counter).toBeVisible();
  // Freeze the tree's snapshot, then change the host: the card must keep counting that same snapshot.
  await page.getByRole("button", { name: "Pause live updates" }).click();
  const sleepers = Array.from({ length: 20 }, () => spawn("sleep", ["60"], { stdio: "ignore" }));
  try {
    // Longer than the host card's refresh (5 s): a card with its own source would have moved on by now.
    await page.waitForTimeout(6_500);
    const total = /of (\d+) processes shown/.exec((await counter.textContent()) ?? "")?.[1];
    const card = page.getByRole("region", { name: "Host" }).locator("div", { has: page.getByText("Processes", { exact: true }) });
    await expect(card.locator("dd")).toHaveText(total ?? "no total");
  } finally {
    for (const sleeper of sleepers) sleeper.kill("SIGKILL");
  }
});

test("the IP table shows the jail's address", async ({ page }) => {
  await openNetwork(page);
  const row = ipRows(page, address).filter({ hasText: jail });
  await expect(row).toBeVisible();
  await expect(row).toContainText("eth0");
});

test("the jail's usage chart has points", async ({ page }) => {
  await openJailPage(page, jail);
  await expect(usageChart(page, "Processes")).toBeVisible({ timeout: 10_000 });
  await expect(usageChart(page, "Memory (cgroup)")).toBeVisible();
});
