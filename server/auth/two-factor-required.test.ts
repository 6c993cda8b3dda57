import { describe, expect, it } from "vitest";
import { mustEnrolTwoFactor } from "./two-factor-required";

const grant = (roleName: string) => ({ roleName, hostId: "local", scopeType: "host", scopeValue: "local" });

describe("who must set up two-factor sign-in", () => {
  it("a user an admin marked, until they have enrolled", () => {
    expect(mustEnrolTwoFactor({ twoFactorEnabled: false, twoFactorRequired: true, grants: [grant("viewer")] }, false)).toBe(true);
    expect(mustEnrolTwoFactor({ twoFactorEnabled: true, twoFactorRequired: true, grants: [grant("viewer")] }, false)).toBe(false);
    expect(mustEnrolTwoFactor({ twoFactorEnabled: null, twoFactorRequired: false, grants: [grant("viewer")] }, false)).toBe(false);
  });

  it("every admin when the setting says so, and only admins", () => {
    expect(mustEnrolTwoFactor({ twoFactorEnabled: false, twoFactorRequired: false, grants: [grant("admin")] }, true)).toBe(true);
    expect(mustEnrolTwoFactor({ twoFactorEnabled: false, twoFactorRequired: false, grants: [grant("operator")] }, true)).toBe(false);
    expect(mustEnrolTwoFactor({ twoFactorEnabled: false, twoFactorRequired: false, grants: [grant("admin")] }, false)).toBe(false);
  });
});
