import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { jailActions, lxcCreatePlain, lxcDestroy, lxcReadFile, plan, planDiff, power } from "./helpers/jails";
import { signIn } from "./helpers/session";

// A container made with plain lxc-create in an LXC path of its own, adopted through the jails page's form.
const name = `stk-adoptp-${randomBytes(3).toString("hex")}`;
const marker = { file: "root/marker", text: `made before Stockade ${randomBytes(4).toString("hex")}` };
let lxcPath = "";

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test.beforeAll(async () => {
  lxcPath = await mkdtemp(path.join(os.tmpdir(), "adoptp-e2e-lxc-"));
  await lxcCreatePlain(lxcPath, name, marker);
});
test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
});
test.afterAll(async () => {
  await lxcDestroy(lxcPath, name).catch(() => undefined);
  await rm(lxcPath, { recursive: true, force: true });
});

test("a container in another LXC path is adopted through the form the tree's row links to, and runs from Stockade", async ({ page }) => {
  await page.goto(`/jails?${new URLSearchParams({ adopt: name, lxcPath }).toString()}#adopt`);
  const form = page.locator("#adopt");
  await expect(form.getByLabel("Container name")).toHaveValue(name);
  await expect(form.getByLabel("LXC path")).toHaveValue(lxcPath);
  await form.getByRole("button", { name: "Review adopting it" }).click();
  const adopt = plan(page, "adopt", name);
  await expect(adopt).toContainText(`LXC path: ${lxcPath} (not the agent's)`);
  await expect(planDiff(adopt)).toContainText("# --- Stockade: everything below is rewritten by the agent ---");
  await adopt.getByRole("button", { name: "Apply this plan" }).click();
  await form.getByRole("link", { name: `Open ${name}` }).click({ timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`/jails/${name}$`));
  await expect(jailActions(page, name)).toBeVisible();
  await power(page, name, "Start");
  expect(await lxcReadFile(lxcPath, name, `/${marker.file}`)).toBe(marker.text);
  await power(page, name, "Stop");
});

test("the agent's own LXC path is the form's default", async ({ page }) => {
  await page.goto("/jails");
  await page.locator("#adopt summary").click();
  await expect(page.locator("#adopt").getByLabel("LXC path")).toHaveValue(e2eState().lxcPath);
});
