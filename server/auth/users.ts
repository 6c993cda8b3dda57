import { LOCAL_HOST_ID } from "@/server/hosts";
import crypto from "node:crypto";
import { auth } from "./auth";
import { db } from "@/server/db/prisma";
import { usernameSchema } from "./username";
import type { Db } from "@/server/db/types";
import { ROLE_DESCRIPTIONS, ROLE_NAMES, type RoleName } from "./permissions";

export { usernameSchema };

/** better-auth wants an e-mail; Stockade signs in by username, so it is a placeholder that cannot receive mail. */
export function placeholderEmail(username: string): string {
  return `${username}@users.stockade.invalid`;
}

export function generatePassword(): string {
  return crypto.randomBytes(18).toString("base64url");
}

/** Rows every installation needs: this host and the built-in roles. */
export async function ensureBaseRows(hostName: string, driver: string): Promise<void> {
  const prisma = db();
  await prisma.host.upsert({ where: { id: LOCAL_HOST_ID }, update: {}, create: { id: LOCAL_HOST_ID, name: hostName, driver } });
  for (const name of ROLE_NAMES) {
    await prisma.role.upsert({ where: { name }, update: {}, create: { name, description: ROLE_DESCRIPTIONS[name] } });
  }
}

export interface CreatedUser {
  id: string;
  username: string;
  password: string;
}

/**
 * Without a password given, the user gets a generated one-time password (see signInWithOneTimePassword).
 * The user, its password (better-auth's credential account) and its grant are one nested write, so a
 * user is never left half-made; `prisma` may be a transaction (team.create's, with its audit event).
 */
export async function createUser(
  input: { username: string; name?: string; role: RoleName; password?: string },
  prisma: Db = db(),
): Promise<CreatedUser> {
  const username = usernameSchema.parse(input.username);
  const context = await auth().$context;
  const password = input.password ?? generatePassword();
  const id = context.generateId({ model: "user" }) || crypto.randomUUID();
  const account = {
    id: context.generateId({ model: "account" }) || crypto.randomUUID(),
    providerId: "credential",
    accountId: id,
    password: await context.password.hash(password),
  };
  await prisma.user.create({
    data: {
      id,
      name: input.name ?? username,
      email: placeholderEmail(username),
      emailVerified: true,
      username,
      displayUsername: username,
      mustChangePassword: input.password === undefined,
      accounts: { create: account },
      grants: { create: { roleName: input.role, hostId: LOCAL_HOST_ID, scopeType: "host", scopeValue: LOCAL_HOST_ID } },
    },
  });
  return { id, username, password };
}

/** Sets a new generated one-time password and ends the user's sessions. */
export async function resetPassword(rawUsername: string): Promise<CreatedUser> {
  const username = usernameSchema.parse(rawUsername);
  const user = await db().user.findUnique({ where: { username } });
  if (!user) throw new Error(`No user named ${username}`);
  const context = await auth().$context;
  const password = generatePassword();
  await context.internalAdapter.updatePassword(user.id, await context.password.hash(password));
  await db().user.update({ where: { id: user.id }, data: { mustChangePassword: true, oneTimeSignInAt: null } });
  await context.internalAdapter.deleteUserSessions(user.id);
  return { id: user.id, username, password };
}

/** On first start there is nobody to sign in as: make an admin and show its password once. */
export async function bootstrapFirstAdmin(print: (line: string) => void): Promise<void> {
  if ((await db().user.count()) > 0) return;
  const admin = await createUser({ username: "admin", name: "Administrator", role: "admin" });
  print("");
  print("  Stockade: no user existed, so an admin account was created.");
  print(`  Sign in as "${admin.username}" with the one-time password: ${admin.password}`);
  print("  It works for one sign-in, which asks you to choose your own password. It is shown only now.");
  print("  Lost it? npm run user -- reset-password admin");
  print("");
}

export class WrongPasswordError extends Error {
  constructor() {
    super("The current password is wrong.");
  }
}

/** Checks the current password, stores the new one and lifts the one-time restriction. */
export async function changeOwnPassword(prisma: Db, userId: string, currentPassword: string, newPassword: string): Promise<void> {
  const context = await auth().$context;
  const account = await prisma.account.findFirst({ where: { userId, providerId: "credential" }, select: { password: true } });
  const valid = account?.password ? await context.password.verify({ hash: account.password, password: currentPassword }) : false;
  if (!valid) throw new WrongPasswordError();
  await context.internalAdapter.updatePassword(userId, await context.password.hash(newPassword));
  await prisma.user.update({ where: { id: userId }, data: { mustChangePassword: false, oneTimeSignInAt: null } });
}
