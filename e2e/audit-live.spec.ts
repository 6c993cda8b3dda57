import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { E2E_PORT } from "../playwright.config";
import { e2eState } from "./fixtures/state";
import { signIn } from "./helpers/session";

const origin = `http://127.0.0.1:${E2E_PORT}`;

/** team.create as the browser's tRPC client sends it, with the page's session. */
async function createUser(page: Page, username: string): Promise<number> {
  const response = await page.request.post("/api/trpc/team.create", {
    headers: { origin, "content-type": "application/json" },
    data: { json: { username, name: username, role: "viewer" } },
  });
  return response.status();
}

const events = (page: Page) => page.getByRole("table", { name: "Audit events" }).getByRole("row");

test.beforeEach(async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/audit");
  await expect(events(page).first()).toBeVisible();
});

test("a new event appears on the open audit page without a reload", async ({ page }) => {
  const username = `live${randomBytes(3).toString("hex")}`;
  expect(await createUser(page, username)).toBe(200);
  await expect(events(page).filter({ hasText: `user: ${username} as viewer` })).toBeVisible({ timeout: 10_000 });
});

test("older events come a page at a time, after the newest", async ({ page }) => {
  // 100 more events (refused: the user exists), so the log is longer than a page.
  const username = `page${randomBytes(3).toString("hex")}`;
  for (let i = 0; i < 101; i++) await createUser(page, username);
  await page.reload();
  await expect(events(page)).toHaveCount(101); // a header row and one page
  // Each refusal is audited with the reason the server gave.
  await expect(
    events(page)
      .filter({ hasText: `A user named ${username} already exists.` })
      .first(),
  ).toBeVisible();
  const rowsBefore = await events(page).count();
  await page.getByRole("button", { name: /^Show 100 older events$/ }).click();
  await expect.poll(() => events(page).count()).toBeGreaterThan(rowsBefore);
});
