/**
 * Who must sign in with a second factor: a user an admin marked so, or (with
 * STOCKADE_REQUIRE_TWO_FACTOR_FOR_ADMINS) anyone holding the admin role. Until they have
 * enrolled, their session may use their own account page and nothing else.
 */
import type { GrantLike } from "./permissions";

export const TWO_FACTOR_REQUIRED_MESSAGE = "Set up two-factor sign-in first: your account requires it.";

export function mustEnrolTwoFactor(
  user: { twoFactorEnabled: boolean | null; twoFactorRequired: boolean; grants: readonly GrantLike[] },
  requiredForAdmins: boolean,
): boolean {
  if (user.twoFactorEnabled) return false;
  return user.twoFactorRequired || (requiredForAdmins && user.grants.some((grant) => grant.roleName === "admin"));
}
