import { afterAll, describe, expect, it } from "vitest";

process.env.STOCKADE_LOGIN_ATTEMPTS_PER_MINUTE = "8";
const { openFreshDatabase } = await import("@/server/api/test-support/database");
const database = await openFreshDatabase();
const { auth } = await import("./auth");
const { createUser } = await import("./users");
const { hotp, TOTP_PERIOD_SECONDS } = await import("./totp-steps");

afterAll(() => database.cleanup());

const ORIGIN = "http://127.0.0.1:3000";
const PASSWORD = "a password of their own";

/** A tiny browser: keeps cookies between calls to better-auth's handler. */
let addresses = 0;

/** A tiny browser from its own address (better-auth's per-address limit is not what is shown here); keeps cookies. */
function browser() {
  const ip = `10.0.1.${++addresses}`;
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const call = async (path: string, body: unknown = {}) => {
    const response = await auth().handler(
      new Request(`${ORIGIN}/api/auth${path}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: ORIGIN,
          "x-stockade-client-ip": ip,
          cookie: cookie(),
        },
        body: JSON.stringify(body),
      }),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      jar.set(name!, value.join("="));
    }
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
  };
  return Object.assign(call, { cookie });
}

/** Decodes the otpauth URI's base32 secret, as an authenticator app would (RFC 4648). */
function secretOf(uri: string): Buffer {
  const base32 = new URL(uri).searchParams.get("secret")!;
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of base32.replace(/=+$/, "")) bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
}

const codeAt = (secret: Buffer, offsetSteps = 0) => hotp(secret, Math.floor(Date.now() / 1000 / TOTP_PERIOD_SECONDS) + offsetSteps);

/**
 * Waits out the last seconds of a TOTP step: a previous step's code sent just before the step
 * ends arrives two steps old and is refused (what made this test fail once on a busy machine).
 */
async function clearOfStepEnd(marginSeconds = 3) {
  const into = (Date.now() / 1000) % TOTP_PERIOD_SECONDS;
  if (into > TOTP_PERIOD_SECONDS - marginSeconds) await new Promise((r) => setTimeout(r, (TOTP_PERIOD_SECONDS - into) * 1000 + 50));
}

async function enrolled(username: string) {
  await createUser({ username, role: "viewer", password: PASSWORD });
  const call = browser();
  expect((await call("/sign-in/username", { username, password: PASSWORD })).status).toBe(200);
  const enable = await call("/two-factor/enable", { password: PASSWORD });
  expect(enable.status).toBe(200);
  const secret = secretOf(String(enable.body!.totpURI));
  const backupCodes = enable.body!.backupCodes as string[];
  // The first code confirms the enrolment (a previous step's code: the next sign-in uses the current one).
  await clearOfStepEnd();
  expect((await call("/two-factor/verify-totp", { code: codeAt(secret, -1) })).status).toBe(200);
  return { secret, backupCodes };
}

describe("two-factor sign-in (better-auth's twoFactor plugin with Stockade's guard)", () => {
  it("asks for a second step after the password, refuses a wrong code, accepts the right one once and refuses its replay", async () => {
    const { secret } = await enrolled("totp1");
    const first = browser();
    const password = await first("/sign-in/username", { username: "totp1", password: PASSWORD });
    expect(password.body).toMatchObject({ twoFactorRedirect: true });
    const right = codeAt(secret);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, "0");
    expect((await first("/two-factor/verify-totp", { code: wrong })).status).toBe(401);
    expect((await first("/two-factor/verify-totp", { code: right })).status).toBe(200);

    const second = browser();
    await second("/sign-in/username", { username: "totp1", password: PASSWORD });
    const replay = await second("/two-factor/verify-totp", { code: right });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: "TOTP_CODE_REPLAYED" });
  });

  it("takes a recovery code once", async () => {
    const { backupCodes } = await enrolled("totp2");
    expect(backupCodes).toHaveLength(10);
    for (const expected of [200, 401]) {
      const call = browser();
      await call("/sign-in/username", { username: "totp2", password: PASSWORD });
      expect((await call("/two-factor/verify-backup-code", { code: backupCodes[0] })).status).toBe(expected);
    }
  });

  it("counts wrong codes toward the per-username sign-in limit", async () => {
    const { secret } = await enrolled("totp3");
    const wrong = codeAt(secret) === "000000" ? "111111" : "000000";
    const statuses: number[] = [];
    // Each round from a new address: better-auth's own per-address limits are not what is shown here.
    for (let round = 0; round < 3; round++) {
      const call = browser();
      await call("/sign-in/username", { username: "totp3", password: PASSWORD });
      statuses.push((await call("/two-factor/verify-totp", { code: wrong })).status);
    }
    expect(statuses).toEqual([401, 401, 401]);
    // 8 a minute for this user: enrolment's password and code, three passwords and three wrong codes. Five
    // password sign-ins alone would pass; with the codes counted, the next is refused.
    const next = await browser()("/sign-in/username", { username: "totp3", password: PASSWORD });
    expect(next.status).toBe(429);
    expect(next.body).toMatchObject({ message: expect.stringMatching(/Too many sign-in attempts for this user/) });
  });

  it("a user required to use it may use only their own account until enrolled; then everything their grants allow", async () => {
    const { db } = await import("@/server/db/prisma");
    const { callerFromHeaders } = await import("@/server/api/context");
    const { contextFor } = await import("@/server/api/test-support/callers");
    const { createCaller } = await import("@/server/api/root");
    await createUser({ username: "totp4", role: "viewer", password: PASSWORD });
    await db().user.update({ where: { username: "totp4" }, data: { twoFactorRequired: true } });
    const call = browser();
    await call("/sign-in/username", { username: "totp4", password: PASSWORD });
    const headers = () => new Headers({ cookie: call.cookie() });
    const before = createCaller(contextFor(await callerFromHeaders(headers())));
    await expect(before.jails.list()).rejects.toThrow("Set up two-factor sign-in first: your account requires it.");
    expect(await before.session.twoFactor()).toEqual({ enabled: false, required: true });

    const enable = await call("/two-factor/enable", { password: PASSWORD });
    expect((await call("/two-factor/verify-totp", { code: codeAt(secretOf(String(enable.body!.totpURI))) })).status).toBe(200);
    const after = await callerFromHeaders(headers());
    expect(after?.mustEnrolTwoFactor).toBe(false);
  });
});
