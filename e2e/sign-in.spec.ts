import { expect, test } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { mainNav, navigate } from "./helpers/navigate";
import { signIn, signInError, signOut } from "./helpers/session";
import { NAV_ITEMS } from "@/app/_components/nav-items";

test("a signed-out visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/team");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Stockade" })).toBeVisible();
});

test("the first-start admin password signs in, shows the shell, and signing out locks it again", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  const nav = mainNav(page);
  for (const item of NAV_ITEMS) await expect(nav.getByRole("link", { name: item.label })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  await navigate(page, "Team");
  await expect(page.getByRole("cell", { name: "admin", exact: true })).toBeVisible();

  await signOut(page);
  await page.goto("/team");
  await expect(page).toHaveURL(/\/login$/);
  const trpc = await page.request.get("/api/trpc/team.list");
  expect(trpc.status()).toBe(401);
});

test("a wrong password is refused with a clear message that does not say which part was wrong", async ({ page }) => {
  await signIn(page, "admin", "not-the-password");
  await expect(signInError(page)).toHaveText("Wrong username or password.");
  await signIn(page, "nobody-here", "not-the-password");
  await expect(signInError(page)).toHaveText("Wrong username or password.");
});

test("the theme switches between light and dark and is remembered", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/);
  const html = page.locator("html");
  const wasDark = (await html.getAttribute("class"))?.includes("dark") ?? false;
  await page.getByRole("button", { name: /Switch to (light|dark) theme/ }).click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
  await page.reload();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark)/ : /dark/);
});

test("an unknown address shows the not-found page", async ({ page }) => {
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
