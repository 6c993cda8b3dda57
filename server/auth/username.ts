import { z } from "zod";

/**
 * The one username rule. Stockade's forms and tRPC inputs parse with usernameSchema and
 * better-auth's username plugin validates with the same pattern, so a name that passes
 * one never fails in the other.
 */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const USERNAME_RULE = "Usernames are 3–32 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

export const usernameSchema = z.string().regex(USERNAME_PATTERN, USERNAME_RULE);

export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username);
}
