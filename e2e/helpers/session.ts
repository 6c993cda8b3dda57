import { expect, type Page } from "@playwright/test";

/** Per-resource helpers (LXD UI style): the sign-in form and the user menu, found by role. */
export async function signIn(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /▾/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

export function signInError(page: Page) {
  return page.getByRole("form", { name: "Sign in" }).getByRole("alert");
}

/** The page a one-time password leads to: replaces it with a password of the user's own. */
export async function chooseOwnPassword(page: Page, oneTimePassword: string, newPassword: string) {
  await expect(page).toHaveURL(/\/change-password$/);
  const form = page.getByRole("form", { name: "Choose a password" });
  await form.getByLabel("One-time password").fill(oneTimePassword);
  await form.getByLabel("New password", { exact: true }).fill(newPassword);
  await form.getByLabel("Repeat new password").fill(newPassword);
  await form.getByRole("button", { name: "Save password" }).click();
}
