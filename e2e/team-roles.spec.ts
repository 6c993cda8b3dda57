import { expect, test } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { auditRow, openAuditLog } from "./helpers/audit";
import { mainNav } from "./helpers/navigate";
import { processTree, searchProcesses } from "./helpers/overview";
import { chooseOwnPassword, signIn, signOut } from "./helpers/session";
import { addUser } from "./helpers/team";

test.describe.configure({ mode: "serial" });

test("an admin adds a viewer, who signs in with the one-time password and sees no host processes or admin pages", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await searchProcesses(page, "server-entry");
  await expect(
    processTree(page)
      .getByRole("row", { name: /^pid \d+ node$/ })
      .first(),
  ).toBeVisible();

  const password = await addUser(page, { username: "vicky", name: "Vicky Viewer", role: "viewer" });
  await signOut(page);

  await signIn(page, "vicky", password);
  await chooseOwnPassword(page, password, "vicky's own password");
  await expect(page).toHaveURL(/\/$/);
  const nav = mainNav(page);
  await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Team" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  // A viewer may watch consoles, so the console page is theirs.
  await expect(nav.getByRole("link", { name: "Console" })).toBeVisible();
  await searchProcesses(page, "server-entry");
  await expect(processTree(page).getByRole("row", { name: /^pid \d+ node$/ })).toHaveCount(0);

  const teamList = await page.request.get("/api/trpc/team.list");
  expect(teamList.status()).toBe(403);
});

test("adding a user is in the audit log", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await openAuditLog(page);
  const row = auditRow(page, "team.create");
  await expect(row).toContainText("admin");
  await expect(row).toContainText("ok");
});

test("the Settings page is not there for a viewer: its address is not found", async ({ page }) => {
  await signIn(page, "vicky", "vicky's own password");
  await expect(page).toHaveURL(/\/$/);
  const response = await page.goto("/settings");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Settings" })).toHaveCount(0);
});
