import { expect, test } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { chooseOwnPassword, signIn, signOut } from "./helpers/session";
import { addUser } from "./helpers/team";
import { totpCode } from "./helpers/totp";

test.describe.configure({ mode: "serial" });

const PASSWORD = "tina's own password";

function secondStep(page: import("@playwright/test").Page) {
  return page.getByRole("form", { name: "Second step" });
}

async function enterCode(page: import("@playwright/test").Page, code: string) {
  await secondStep(page).getByLabel("Code from your authenticator app").fill(code);
  await secondStep(page).getByRole("button", { name: "Verify" }).click();
}

test("enrol TOTP, sign out, sign in with a code computed from the shared secret; a wrong and a replayed code are refused", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, "admin", e2eState().adminPassword);
  const oneTime = await addUser(page, { username: "tina", name: "Tina Two", role: "viewer" });
  await signOut(page);
  await signIn(page, "tina", oneTime);
  await chooseOwnPassword(page, oneTime, PASSWORD);
  await expect(page).toHaveURL(/\/$/);

  await page.goto("/account");
  const setup = page.getByRole("form", { name: "Set up two-factor" });
  await setup.getByLabel("Your password").fill(PASSWORD);
  await setup.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  await expect(page.getByTestId("totp-uri")).toContainText(`otpauth://totp/Stockade:`);
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  const confirm = page.getByRole("form", { name: "Confirm two-factor" });
  // The previous step's code confirms the enrolment; the sign-in below uses the current step's.
  await confirm.getByLabel("Code from the app").fill(totpCode(secret, -1));
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "On: signing in asks for a code" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0); // shown once only
  await signOut(page);

  await signIn(page, "tina", PASSWORD);
  await expect(secondStep(page)).toBeVisible();
  const right = totpCode(secret);
  await enterCode(page, String((Number(right) + 1) % 1_000_000).padStart(6, "0"));
  await expect(secondStep(page).getByRole("alert")).toHaveText(/Wrong code/);
  await enterCode(page, right);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: /Tina Two/ })).toBeVisible();
  await signOut(page);

  await signIn(page, "tina", PASSWORD);
  await enterCode(page, right);
  await expect(secondStep(page).getByRole("alert")).toHaveText(
    "This code was already used. Wait for the next one from your authenticator.",
  );
  await expect(page).toHaveURL(/\/login$/);
});
