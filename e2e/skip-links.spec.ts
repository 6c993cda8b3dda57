import { expect, test, type Page } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { signIn } from "./helpers/session";

/** Whether the focus is inside the overview's process tree section (its toolbar, filters, grid). */
const focusInTree = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('section[aria-labelledby="processes-title"]') != null);

test("from a fresh overview, two Tabs and the skip links put the focus on the process tree, and a third Tab is inside it", async ({
  page,
}) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  // A loaded page, the focus at its top, as a keyboard user starts.
  await page.reload();
  const processes = page.getByRole("heading", { level: 2, name: "Processes", exact: true });
  await expect(processes).toBeVisible();

  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to the process tree" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(processes).toBeFocused();
  await page.keyboard.press("Tab");
  expect(await focusInTree(page)).toBe(true);
});
