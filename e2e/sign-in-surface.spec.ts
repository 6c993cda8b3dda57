import { expect, test } from "@playwright/test";
import { e2eState } from "./fixtures/state";
import { navigate } from "./helpers/navigate";
import { signIn } from "./helpers/session";

test("pages carry a strict CSP and the app runs under it without a single violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/login");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await navigate(page, "Team");
  await expect(page.getByRole("cell", { name: "admin", exact: true })).toBeVisible();
  expect(violations).toEqual([]);
});

test("a tRPC mutation from another origin is refused, the same request from Stockade's origin is not", async ({ page, baseURL }) => {
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  const body = { json: { username: "csrf-probe", name: "Probe", role: "viewer" } };
  const foreign = await page.request.post("/api/trpc/team.create", { data: body, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  expect(((await foreign.json()) as { error: { message: string } }).error.message).toMatch(/https:\/\/evil.example are refused/);
  const own = await page.request.post("/api/trpc/team.create", { data: body, headers: { origin: baseURL! } });
  expect(own.status()).toBe(200);
});

test("better-auth's unused routes are gone: no self-service profile change, no username probe", async ({ request, baseURL }) => {
  const headers = { origin: baseURL!, "content-type": "application/json" };
  expect((await request.post("/api/auth/is-username-available", { headers, data: { username: "admin" } })).status()).toBe(404);
  expect((await request.post("/api/auth/update-user", { headers, data: { username: "x" } })).status()).toBe(404);
});
