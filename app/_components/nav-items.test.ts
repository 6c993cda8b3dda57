import { describe, expect, it } from "vitest";
import type { GrantLike } from "@/server/auth/permissions";
import { navPermissionsFor, visibleNavItems } from "./nav-items";

const onThisHost = (roleName: string): GrantLike => ({ roleName, hostId: "local", scopeType: "host", scopeValue: "local" });
const labelsFor = (grants: GrantLike[]) => visibleNavItems(navPermissionsFor(grants)).map((item) => item.label);

describe("the shell's nav, built from the caller's grants", () => {
  it("shows an admin every entry, Settings included, and no Console entry until the console page exists", () => {
    expect(labelsFor([onThisHost("admin")])).toEqual(["Overview", "Jails", "Network", "Hosts", "Audit", "Team", "Settings"]);
  });

  it("hides Settings, Team and Hosts from an operator, who keeps the audit of their scope", () => {
    expect(labelsFor([onThisHost("operator")])).toEqual(["Overview", "Jails", "Network", "Audit"]);
  });

  it("shows a viewer only the host-aware pages", () => {
    expect(labelsFor([onThisHost("viewer")])).toEqual(["Overview", "Jails", "Network"]);
  });

  it("gives an operator whose only grant is on another host the audit entry, and nothing of this machine's", () => {
    const elsewhere: GrantLike = { roleName: "operator", hostId: "h2", scopeType: "host", scopeValue: "h2" };
    expect(labelsFor([elsewhere])).toEqual(["Overview", "Jails", "Network", "Audit"]);
    const adminElsewhere: GrantLike = { roleName: "admin", hostId: "h2", scopeType: "host", scopeValue: "h2" };
    expect(labelsFor([adminElsewhere])).toEqual(["Overview", "Jails", "Network", "Audit"]);
  });
});
