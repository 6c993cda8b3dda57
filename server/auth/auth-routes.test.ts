import { afterAll, describe, expect, it } from "vitest";

process.env.STOCKADE_LOGIN_ATTEMPTS_PER_MINUTE = "3";
const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("./auth");
const { AUTH_ROUTES } = await import("./auth-routes");
const { createUser } = await import("./users");
const { USERNAME_RULE, usernameSchema } = await import("./username");

afterAll(() => database.cleanup());

const ORIGIN = "http://127.0.0.1:3000";

function call(path: string, method: string, body?: unknown, ip = "10.0.0.1"): Promise<Response> {
  return auth().handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method,
      headers: { "content-type": "application/json", origin: ORIGIN, "x-stockade-client-ip": ip },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    }),
  );
}

describe("the better-auth routes Stockade answers", () => {
  it("are only the ones the product uses: every other route better-auth mounts is a 404", async () => {
    const endpoints = Object.values(auth().api as Record<string, { path?: string; options?: { method?: string | string[] } }>);
    const answered: string[] = [];
    for (const endpoint of endpoints) {
      if (!endpoint.path) continue;
      const method = [endpoint.options?.method ?? "GET"].flat()[0]!;
      const response = await call(endpoint.path.replace(/:\w+/g, "x"), method === "*" ? "POST" : method);
      if (response.status !== 404) answered.push(endpoint.path);
    }
    expect(answered.sort()).toEqual([...AUTH_ROUTES].sort());
  });

  it("refuses a user's own name or username change and the anonymous username probe", async () => {
    expect((await call("/update-user", "POST", { username: "someone-else", name: "X" })).status).toBe(404);
    expect((await call("/is-username-available", "POST", { username: "admin" })).status).toBe(404);
  });
});

describe("the username rule", () => {
  it("is the same in Stockade and better-auth: a '-' is allowed by both", async () => {
    expect(usernameSchema.safeParse("dana-ops").success).toBe(true);
    const created = await createUser({ username: "dana-ops", role: "viewer" });
    const response = await call("/sign-in/username", "POST", { username: "dana-ops", password: created.password }, "10.0.0.2");
    expect(response.status).toBe(200);
  });

  it("refuses what both refuse, with one message naming the rule", async () => {
    for (const bad of ["-dana", "Dana", "da", "dana!", "x".repeat(33)]) expect(usernameSchema.safeParse(bad).success).toBe(false);
    await expect(createUser({ username: "-dana", role: "viewer" })).rejects.toThrow(USERNAME_RULE);
  });
});

describe("the sign-in rate limit", () => {
  it("limits attempts per username even when they come from different addresses", async () => {
    await createUser({ username: "target", role: "viewer" });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const response = await call("/sign-in/username", "POST", { username: "target", password: "wrong-password-1" }, `10.1.0.${attempt}`);
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await call("/sign-in/username", "POST", { username: "TARGET", password: "wrong-password-1" }, "10.1.0.9");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { message: string }).message).toMatch(/Too many sign-in attempts for this user/);
  });

  it("keeps other users' buckets apart", async () => {
    const other = await createUser({ username: "bystander", role: "viewer" });
    const response = await call("/sign-in/username", "POST", { username: "bystander", password: other.password }, "10.1.0.10");
    expect(response.status).toBe(200);
  });
});
