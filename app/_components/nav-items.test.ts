import { describe, expect, it } from "vitest";
import type { GrantLike } from "@/server/auth/permissions";
import { navPermissionsFor, visibleNavItems } from "./nav-items";

const onThisHost = (roleName: string): GrantLike => ({ roleName, hostId: "local", scopeType: "host", scopeValue: "local" });
const onAnotherHost = (roleName: string): GrantLike => ({ roleName, hostId: "h2", scopeType: "host", scopeValue: "h2" });
const labelsFor = (grants: GrantLike[]) => visibleNavItems(navPermissionsFor(grants)).map((item) => item.label);

describe("the shell's nav, built from the caller's grants", () => {
  it("shows an admin every entry, Console and Settings included", () => {
    expect(labelsFor([onThisHost("admin")])).toEqual(["Overview", "Jails", "Network", "Console", "Hosts", "Audit", "Team", "Settings"]);
  });

  it("hides Settings, Team and Hosts from an operator, who keeps the console and the audit of their scope", () => {
    expect(labelsFor([onThisHost("operator")])).toEqual(["Overview", "Jails", "Network", "Console", "Audit"]);
  });

  it("shows a viewer the host-aware pages and the console they may watch", () => {
    expect(labelsFor([onThisHost("viewer")])).toEqual(["Overview", "Jails", "Network", "Console"]);
  });

  it("gives a user whose only grant is on another host the console and audit entries, and nothing of this machine's", () => {
    expect(labelsFor([onAnotherHost("operator")])).toEqual(["Overview", "Jails", "Network", "Console", "Audit"]);
    expect(labelsFor([onAnotherHost("admin")])).toEqual(["Overview", "Jails", "Network", "Console", "Audit"]);
  });

  it("gives a viewer on another host the console but no audit", () => {
    expect(labelsFor([onAnotherHost("viewer")])).toEqual(["Overview", "Jails", "Network", "Console"]);
  });

  it("shows a user without grants only the host-aware pages", () => {
    expect(labelsFor([])).toEqual(["Overview", "Jails", "Network"]);
  });
});
