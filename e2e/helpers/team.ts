import { expect, type Page } from "@playwright/test";

/** Adds a user on the Team page and returns the one-time password it shows once. */
export async function addUser(
  page: Page,
  user: { username: string; name: string; role: "admin" | "operator" | "viewer" },
): Promise<string> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  const form = newUserForm(page);
  await form.getByLabel("Username", { exact: true }).fill(user.username);
  await form.getByLabel("Name", { exact: true }).fill(user.name);
  await form.getByLabel("Role").selectOption(user.role);
  await form.getByRole("button", { name: "Add user" }).click();
  const status = form.getByRole("status");
  await expect(status).toContainText(`${user.username} can sign in`);
  return (await status.locator("code").textContent())!.trim();
}

export function newUserForm(page: Page) {
  return page.getByRole("form", { name: "New user" });
}
