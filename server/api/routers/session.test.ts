import { describe, expect, it } from "vitest";

import { openRouterBed } from "../test-support/router-bed";

const { caller } = await openRouterBed();
const { callerFromHeaders } = await import("../context");
const { auth } = await import("@/server/auth/auth");
const { bootstrapFirstAdmin, createUser, resetPassword } = await import("@/server/auth/users");

async function signIn(username: string, password: string): Promise<Headers> {
  const { headers } = await auth().api.signInUsername({ body: { username, password }, returnHeaders: true });
  return new Headers({
    cookie: headers
      .getSetCookie()
      .map((line) => line.split(";")[0])
      .join("; "),
  });
}

async function callerFor(headers: Headers) {
  return caller(await callerFromHeaders(headers));
}

describe("one-time passwords", () => {
  it("sign the first admin in once, allow nothing but a new password, then work no more", async () => {
    const lines: string[] = [];
    await bootstrapFirstAdmin((line) => lines.push(line));
    const oneTime = /one-time password: (\S+)/.exec(lines.join("\n"))![1]!;
    const headers = await signIn("admin", oneTime);
    const caller = await callerFor(headers);
    await expect(caller.session.me()).rejects.toThrow(/Choose a new password first/);
    await expect(caller.team.list()).rejects.toThrow(/Choose a new password first/);
    await expect(signIn("admin", oneTime)).rejects.toThrow(/already used/);

    await caller.session.changePassword({ currentPassword: oneTime, newPassword: "admin's own password" });
    expect((await (await callerFor(headers)).session.me()).username).toBe("admin");
    await expect(signIn("admin", oneTime)).rejects.toThrow(/Invalid username or password/);
    for (let time = 0; time < 2; time++)
      expect((await (await callerFor(await signIn("admin", "admin's own password"))).session.me()).username).toBe("admin");
  });

  it("apply to a new user and to a reset, not to a password an admin chose", async () => {
    const created = await createUser({ username: "newcomer", role: "viewer" });
    await signIn("newcomer", created.password);
    await expect(signIn("newcomer", created.password)).rejects.toThrow(/already used/);
    const reset = await resetPassword("newcomer");
    const caller = await callerFor(await signIn("newcomer", reset.password));
    await expect(caller.session.me()).rejects.toThrow(/Choose a new password first/);

    await createUser({ username: "chosen", role: "viewer", password: "a chosen password" });
    await signIn("chosen", "a chosen password");
    expect((await (await callerFor(await signIn("chosen", "a chosen password"))).session.me()).username).toBe("chosen");
  });

  it("refuse a wrong current password and a short new one, saying which", async () => {
    const created = await createUser({ username: "typo", role: "viewer" });
    const caller = await callerFor(await signIn("typo", created.password));
    await expect(caller.session.changePassword({ currentPassword: "wrong", newPassword: "long enough password" })).rejects.toThrow(
      "The current password is wrong.",
    );
    await expect(caller.session.changePassword({ currentPassword: created.password, newPassword: "short" })).rejects.toThrow(
      /at least 12 characters/,
    );
  });
});

describe("own sessions", () => {
  it("lists the caller's sessions (device, address, created, last seen, current), ends one, and cannot end another user's", async () => {
    const user = await createUser({ username: "sessions1", role: "viewer", password: "a password of their own" });
    const signInFrom = async (userAgent: string) => {
      const { headers } = await auth().api.signInUsername({
        body: { username: "sessions1", password: user.password },
        headers: new Headers({ "user-agent": userAgent, "x-stockade-client-ip": "192.0.2.7" }),
        returnHeaders: true,
      });
      return new Headers({
        cookie: headers
          .getSetCookie()
          .map((line) => line.split(";")[0])
          .join("; "),
      });
    };
    const phone = await signInFrom("Phone Browser/1.0");
    const laptop = await signInFrom("Laptop Browser/2.0");
    const caller = await callerFor(laptop);
    const sessions = await caller.session.sessions();
    expect(sessions.map((s) => [s.userAgent, s.ipAddress, s.current]).sort()).toEqual([
      ["Laptop Browser/2.0", "192.0.2.7", true],
      ["Phone Browser/1.0", "192.0.2.7", false],
    ]);
    expect(sessions[0]).not.toHaveProperty("token");
    expect(sessions.every((s) => s.createdAt instanceof Date && s.lastSeenAt instanceof Date)).toBe(true);

    const other = await createUser({ username: "sessions2", role: "viewer", password: "a password of their own" });
    await auth().api.signInUsername({ body: { username: "sessions2", password: other.password } });
    const othersSession = (await (await import("@/server/db/prisma")).db().session.findFirstOrThrow({ where: { userId: other.id } })).id;
    await expect(caller.session.endSession({ id: othersSession })).rejects.toThrow(/no such session/);

    const phoneSession = sessions.find((s) => !s.current)!;
    await caller.session.endSession({ id: phoneSession.id });
    expect(await callerFromHeaders(phone)).toBeNull();
    expect((await caller.session.sessions()).map((s) => s.userAgent)).toEqual(["Laptop Browser/2.0"]);
  });
});
