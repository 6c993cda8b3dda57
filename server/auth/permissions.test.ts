import { describe, expect, it } from "vitest";
import { hasAnywhere, isAllowed, type GrantLike } from "./permissions";

const host = "local";
const grant = (roleName: string, scopeType: string, scopeValue: string, hostId = host): GrantLike => ({
  roleName,
  hostId,
  scopeType,
  scopeValue,
});
const jail = (name: string, tags: string[] = []) => ({ kind: "jail" as const, hostId: host, jail: name, tags });

describe("isAllowed", () => {
  it("gives an admin of the host every permission on every jail and the host", () => {
    const grants = [grant("admin", "host", host)];
    expect(isAllowed(grants, "jails.manage", jail("www1"))).toBe(true);
    expect(isAllowed(grants, "team.manage", { kind: "host", hostId: host })).toBe(true);
  });

  it("limits an operator of one jail to that jail and to operator permissions", () => {
    const grants = [grant("operator", "jail", "dev1")];
    expect(isAllowed(grants, "jails.power", jail("dev1"))).toBe(true);
    expect(isAllowed(grants, "console.interactive", jail("dev1"))).toBe(true);
    expect(isAllowed(grants, "jails.power", jail("www1"))).toBe(false);
    expect(isAllowed(grants, "jails.manage", jail("dev1"))).toBe(false);
    expect(isAllowed(grants, "host.processes.view", { kind: "host", hostId: host })).toBe(false);
  });

  it("matches tag grants against the jail's tags", () => {
    const grants = [grant("viewer", "tag", "web")];
    expect(isAllowed(grants, "jails.view", jail("www1", ["web"]))).toBe(true);
    expect(isAllowed(grants, "jails.view", jail("db1", ["db"]))).toBe(false);
    expect(isAllowed(grants, "jails.power", jail("www1", ["web"]))).toBe(false);
  });

  it("never lets a grant on one host reach another", () => {
    const grants = [grant("admin", "host", "other", "other")];
    expect(isAllowed(grants, "jails.view", jail("www1"))).toBe(false);
  });

  it("refuses unknown roles and scope types", () => {
    expect(isAllowed([grant("root", "host", host)], "jails.view", jail("a"))).toBe(false);
    expect(isAllowed([grant("admin", "galaxy", host)], "jails.view", jail("a"))).toBe(false);
  });
});

describe("hasAnywhere", () => {
  it("is true for a jail-scoped grant of the permission", () => {
    expect(hasAnywhere([grant("operator", "jail", "dev1")], "console.interactive", host)).toBe(true);
    expect(hasAnywhere([grant("viewer", "jail", "dev1")], "console.interactive", host)).toBe(false);
  });
});
