import { randomBytes } from "node:crypto";
import { expect, test, type Locator } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, startJail } from "@/server/agent-client/methods";
import { FIGURES } from "@/app/_components/figures";
import { e2eState } from "./fixtures/state";
import { jailsTable, jailsTableRow } from "./helpers/jails";
import { signIn } from "./helpers/session";

// The longest a jail name may be (63, the agent's limit) and a long host name and tags, running
// under a memory limit: the widest row the jails list draws.
const id = randomBytes(3).toString("hex");
const jail = `stk-fit-${id}-`.padEnd(63, "x");
// Linux caps a UTS host name at 64 bytes, and LXC refuses the config beyond it.
const hostname = `fit-${id}.frontend.eu-west.production.example.internal`;
const tags = [`fit${id}-frontend`, `fit${id}-production`, "eu-west"];
const agent = () => agentConnection(e2eState().agentSocket);

test.describe.configure({ mode: "serial" });
test.setTimeout(90_000);
// A laptop screen, the size the list is designed to fit.
test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  await createJail(agent(), { name: jail, template: "busybox", hostname, tags, limits: { memoryBytes: 256 * 1024 * 1024 } });
  await startJail(agent(), jail);
});
test.afterAll(async () => {
  await destroyJail(agent(), jail).catch(() => undefined);
});

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, "drawn").not.toBeNull();
  return found!;
}

test("the jails list fits a 1366×768 screen with the longest names, row actions on one line", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/jails");
  const row = jailsTableRow(page, jail);
  const actions = row.getByRole("group", { name: `Actions for ${jail}` });
  const destroy = actions.getByRole("button", { name: `Destroy ${jail}`, exact: true });
  await expect(actions.getByRole("button", { name: `Stop ${jail}`, exact: true })).toBeVisible({ timeout: 20_000 });

  // No sideways scroll: the table's scrolling box holds all of it.
  const scroller = jailsTable(page).locator("..");
  const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);

  // The last action button is wholly on screen, level with the first (not stacked under it).
  const last = await box(destroy);
  expect(last.x).toBeGreaterThanOrEqual(0);
  expect(last.x + last.width).toBeLessThanOrEqual(1366);
  const stop = await box(actions.getByRole("button", { name: `Stop ${jail}`, exact: true }));
  expect(Math.abs(stop.y - last.y)).toBeLessThan(2);

  // The name is cut to one line, whole in its tooltip and its accessible name.
  const link = row.getByRole("link", { name: jail, exact: true });
  await expect(link).toHaveAttribute("title", jail);
  expect((await box(link)).height).toBeLessThan(30);
});

test("the usage columns' headings say what each figure counts and where it comes from", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/jails");
  const headings = { CPU: FIGURES.jailCpu, Memory: FIGURES.jailMemory, Processes: FIGURES.jailProcesses };
  for (const [name, figure] of Object.entries(headings)) {
    const heading = jailsTable(page).getByRole("columnheader", { name, exact: true });
    await expect(heading).toHaveAttribute("title", `${figure.label}: ${figure.source}`);
  }
});
