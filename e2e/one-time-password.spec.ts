import { expect, test } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { chooseOwnPassword, signIn, signInError, signOut } from "./helpers/session";
import { addUser, newUserForm } from "./helpers/team";

test.describe.configure({ mode: "serial" });
// A laptop screen, the size the Team page and the password pages are designed to fit.
test.use({ viewport: { width: 1366, height: 768 } });

test("a Team form error is a sentence naming the field, and never sits beside the last user's password", async ({ page }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await addUser(page, { username: "olga", name: "Olga Operator", role: "operator" });
  const form = newUserForm(page);
  await expect(form.getByLabel("Username", { exact: true })).toHaveValue("");

  await form.getByLabel("Username", { exact: true }).fill("Not Valid!");
  await form.getByLabel("Name", { exact: true }).fill("Someone");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("alert")).toHaveText(/^Username: Usernames are [^{}[\]]+\.$/);
  await expect(form.getByRole("status")).toHaveCount(0);
});

test("a one-time password signs in once and allows nothing before a new password", async ({ page, browser }) => {
  // Five sign-ins in one test: more than the default 30 s on a busy 2-core machine.
  test.setTimeout(90_000);
  await signIn(page, "admin", e2eState().adminPassword);
  const oneTime = await addUser(page, { username: "otto", name: "Otto Once", role: "viewer" });
  await signOut(page);

  await signIn(page, "otto", oneTime);
  await expect(page).toHaveURL(/\/change-password$/);
  await page.goto("/jails");
  await expect(page).toHaveURL(/\/change-password$/);
  expect((await page.request.get("/api/trpc/session.me")).status()).toBe(403);

  const elsewhere = await browser.newPage();
  await signIn(elsewhere, "otto", oneTime);
  await expect(signInError(elsewhere)).toHaveText("This one-time password was already used. Ask an admin for a new one.");
  await elsewhere.close();

  await chooseOwnPassword(page, oneTime, "otto's own password");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await signOut(page);

  await signIn(page, "otto", oneTime);
  await expect(signInError(page)).toHaveText("Wrong username or password.");
  await signIn(page, "otto", "otto's own password");
  await expect(page).toHaveURL(/\/$/);
});
