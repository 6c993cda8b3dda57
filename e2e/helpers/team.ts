import { expect, type Page } from "@playwright/test";
import { navigate } from "./navigate";

export function newUserForm(page: Page) {
  return page.getByRole("form", { name: "New user" });
}

/** Adds a user on the Team page and returns the one-time password it shows once. */
export async function addUser(
  page: Page,
  user: { username: string; name: string; role: "admin" | "operator" | "viewer" },
): Promise<string> {
  await navigate(page, "Team");
  const form = newUserForm(page);
  await form.getByLabel("Username", { exact: true }).fill(user.username);
  await form.getByLabel("Name", { exact: true }).fill(user.name);
  await form.getByLabel("Role").selectOption(user.role);
  await form.getByRole("button", { name: "Add user" }).click();
  const status = form.getByRole("status");
  await expect(status).toContainText(`${user.username} can sign in`);
  return (await status.locator("code").textContent())!.trim();
}

/** Makes an API token on the Team page and returns the token it shows once. */
export async function createApiToken(
  page: Page,
  token: { name: string; role: "admin" | "operator" | "viewer"; scopeType: "host" | "jail" | "tag"; scopeValue: string },
): Promise<string> {
  await navigate(page, "Team");
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Token name").fill(token.name);
  await form.getByLabel("Token role").selectOption(token.role);
  await form.getByLabel("Token scope").selectOption(token.scopeType);
  await form.getByLabel("Jail or tag").fill(token.scopeValue);
  await form.getByRole("button", { name: "Create token" }).click();
  return (await form.getByRole("status").locator("code").textContent())!.trim();
}

/** Replaces a user's host-wide grant (given at creation) with one role on a jail or a tag, on the Team page. */
export async function scopeUserTo(page: Page, username: string, role: string, scope: { jail: string } | { tag: string }) {
  await navigate(page, "Team");
  const form = page.getByRole("form", { name: `New grant for ${username}` });
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Scope").selectOption("jail" in scope ? "jail" : "tag");
  await form.getByLabel("jail" in scope ? "Jail" : "Tag").fill("jail" in scope ? scope.jail : scope.tag);
  await form.getByRole("button", { name: "Grant" }).click();
  const grants = page.getByRole("list", { name: `Grants of ${username}` });
  await expect(grants).toContainText("jail" in scope ? scope.jail : scope.tag);
  await grants.getByRole("button", { name: new RegExp(`^Remove \\w+ on host `) }).click();
  await expect(grants.getByRole("button", { name: new RegExp(`^Remove \\w+ on host `) })).toHaveCount(0);
}

/** Grants a user a role on a whole host from the Team page, and waits for the grant to be listed. */
export async function grantOnHost(page: Page, username: string, role: "admin" | "operator" | "viewer", host: string) {
  await navigate(page, "Team");
  const form = page.getByRole("form", { name: `New grant for ${username}` });
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Scope").selectOption("host");
  await form.getByLabel("Host").selectOption(host);
  await form.getByRole("button", { name: "Grant" }).click();
  await expect(page.getByRole("list", { name: `Grants of ${username}` })).toContainText(`${role} on the whole host ${host}`);
}
