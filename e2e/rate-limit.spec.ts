import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { E2E_PORT } from "../playwright.config";
import { startWeb, webEnv, type StartedWeb } from "./fixtures/web-server";
import { signIn, signInError } from "./helpers/session";

// A web process of its own: exhausting the sign-in limit here must not lock out the other tests.
const port = E2E_PORT + 1;
let web: StartedWeb;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-e2e-rl-"));
  web = await startWeb(webEnv(dataDir, port), path.join(dataDir, "web.log"));
});
test.afterAll(() => {
  web.child.kill("SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
});
test.use({ baseURL: `http://127.0.0.1:${port}` });

test("the sixth rapid wrong sign-in is rate-limited with a clear message", async ({ page }) => {
  for (let attempt = 1; attempt <= 5; attempt++) {
    await signIn(page, "admin", `wrong-password-${attempt}`);
    await expect(signInError(page)).toHaveText("Wrong username or password.");
  }
  await signIn(page, "admin", "wrong-password-6");
  await expect(signInError(page)).toHaveText(/Too many sign-in attempts\. Try again in \d+ seconds\./);
  await signIn(page, "admin", web.adminPassword);
  await expect(signInError(page)).toHaveText(/Too many sign-in attempts/);
});
