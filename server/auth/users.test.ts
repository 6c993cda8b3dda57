import { afterAll, describe, expect, it } from "vitest";

const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("./auth");
const { bootstrapFirstAdmin, createUser, resetPassword } = await import("./users");
const { callerFromHeaders } = await import("@/server/api/context");
const { db } = await import("@/server/db/prisma");

afterAll(() => database.cleanup());

async function signIn(username: string, password: string): Promise<Headers> {
  const { headers } = await auth().api.signInUsername({ body: { username, password }, returnHeaders: true });
  const cookie = headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return new Headers({ cookie });
}

describe("users and sessions", () => {
  it("creates the first admin once and prints its password once", async () => {
    const lines: string[] = [];
    await bootstrapFirstAdmin((line) => lines.push(line));
    await bootstrapFirstAdmin((line) => lines.push(line));
    const printed = lines.filter((line) => line.includes("one-time password"));
    expect(printed).toHaveLength(1);
    const password = /one-time password: (\S+)/.exec(printed[0]!)![1]!;
    expect((await callerFromHeaders(await signIn("admin", password)))?.username).toBe("admin");
  });

  it("offers no e-mail sign-in beside the rate-limited username one", async () => {
    const created = await createUser({ username: "mailer", role: "viewer" });
    const response = await auth().handler(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
        body: JSON.stringify({ email: "mailer@users.stockade.invalid", password: created.password }),
      }),
    );
    expect(response.status).toBe(404);
  });

  it("stores a scrypt hash, never the password", async () => {
    const user = await createUser({ username: "hashcheck", role: "viewer", password: "correct horse battery" });
    const account = await db().account.findFirst({ where: { userId: user.id } });
    expect(account?.password).not.toContain("correct horse");
    expect(account?.password?.length).toBeGreaterThan(40);
  });

  it("refuses an expired session", async () => {
    const created = await createUser({ username: "expiring", role: "viewer" });
    const headers = await signIn("expiring", created.password);
    expect(await callerFromHeaders(headers)).not.toBeNull();
    await db().session.updateMany({ where: { userId: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await callerFromHeaders(headers)).toBeNull();
  });

  it("ends every session and the old password when a password is reset", async () => {
    const created = await createUser({ username: "resetme", role: "viewer" });
    const headers = await signIn("resetme", created.password);
    const reset = await resetPassword("resetme");
    expect(await callerFromHeaders(headers)).toBeNull();
    await expect(signIn("resetme", created.password)).rejects.toThrow(/Invalid username or password/);
    expect(await callerFromHeaders(await signIn("resetme", reset.password))).not.toBeNull();
  });

  it("refuses a disabled user's session and their next sign-in, saying why", async () => {
    const created = await createUser({ username: "disabled1", role: "viewer" });
    const headers = await signIn("disabled1", created.password);
    await db().user.update({ where: { id: created.id }, data: { disabled: true } });
    expect(await callerFromHeaders(headers)).toBeNull();
    await expect(signIn("disabled1", created.password)).rejects.toThrow(/account is disabled/);
  });
});
