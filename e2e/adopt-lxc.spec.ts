import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { jailActions, lxcCreatePlain, lxcDestroy, lxcReadFile, openJailPage, plan, planDiff, power } from "./helpers/jails";
import { signIn } from "./helpers/session";

// A container made with plain lxc-create in the e2e agent's LXC path, adopted through the UI's plan.
const name = `stk-adopt-${randomBytes(3).toString("hex")}`;
const marker = { file: "root/marker", text: `made before Stockade ${randomBytes(4).toString("hex")}` };

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.beforeAll(async () => {
  await lxcCreatePlain(e2eState().lxcPath, name, marker);
});
test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
});
test.afterAll(async () => {
  await lxcDestroy(e2eState().lxcPath, name).catch(() => undefined);
});

const listRow = (page: Page) => page.getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });

test("a container Stockade did not make is listed unmanaged, and adopted through the plan it shows first", async ({ page }) => {
  await page.goto("/jails");
  await expect(listRow(page).getByText("unmanaged", { exact: true })).toBeVisible({ timeout: 15_000 });
  await listRow(page).getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/${name}$`));
  const unmanaged = page.getByRole("region", { name: "Not managed by Stockade" });
  await unmanaged.getByRole("button", { name: "Review adopting it" }).click();
  const adopt = plan(page, "adopt", name);
  await expect(planDiff(adopt)).toContainText("# --- Stockade: everything below is rewritten by the agent ---");
  await expect(planDiff(adopt)).toContainText("lxc.net.0.link = ");
  await adopt.getByRole("button", { name: "Apply this plan" }).click();
  await expect(unmanaged).toHaveCount(0, { timeout: 30_000 });
  const header = page.locator("header");
  await expect(header.getByText("unmanaged", { exact: true })).toHaveCount(0);
  await expect(header.getByText("adopted", { exact: true }).first()).toBeVisible();
});

test("the adopted container starts and stops from its page, with its own rootfs", async ({ page }) => {
  await openJailPage(page, name);
  await expect(jailActions(page, name)).toBeVisible();
  await power(page, name, "Start");
  expect(await lxcReadFile(e2eState().lxcPath, name, `/${marker.file}`)).toBe(marker.text);
  await power(page, name, "Stop");
});
