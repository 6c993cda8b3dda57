import { describe, expect, it } from "vitest";
import { hasAnywhere, isAllowed, type GrantLike } from "./permissions";

const host = "local";
const grant = (roleName: string, scopeType: string, scopeValue: string, hostId: string | null = host): GrantLike => ({
  roleName,
  hostId,
  scopeType,
  scopeValue,
});
const jail = (name: string, tags: string[] = [], hostId = host) => ({ kind: "jail" as const, hostId, jail: name, tags });

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

describe("grants per host (fleet)", () => {
  it("a whole-host grant on host B covers B and its jails, never host A's", () => {
    const grants = [grant("operator", "host", "b", "b")];
    expect(isAllowed(grants, "jails.power", jail("www1", [], "b"))).toBe(true);
    expect(isAllowed(grants, "jails.view", { kind: "host", hostId: "b" })).toBe(true);
    expect(isAllowed(grants, "jails.power", jail("www1", [], host))).toBe(false);
    expect(isAllowed(grants, "jails.view", { kind: "host", hostId: host })).toBe(false);
  });

  it("a jail grant on host B covers that jail on B only, not a jail of the same name on A", () => {
    const grants = [grant("operator", "jail", "www1", "b")];
    expect(isAllowed(grants, "jails.power", jail("www1", [], "b"))).toBe(true);
    expect(isAllowed(grants, "jails.power", jail("db1", [], "b"))).toBe(false);
    expect(isAllowed(grants, "jails.power", jail("www1", [], host))).toBe(false);
    expect(isAllowed(grants, "jails.view", { kind: "host", hostId: "b" })).toBe(false);
  });

  it("a tag grant on one host covers that host's tagged jails only", () => {
    const grants = [grant("viewer", "tag", "web", "b")];
    expect(isAllowed(grants, "jails.view", jail("www1", ["web"], "b"))).toBe(true);
    expect(isAllowed(grants, "jails.view", jail("www1", ["web"], host))).toBe(false);
  });

  it("a tag grant on every host (null host) covers tagged jails on each host, and neither a host nor untagged jails", () => {
    const grants = [grant("viewer", "tag", "web", null)];
    expect(isAllowed(grants, "jails.view", jail("www1", ["web"], host))).toBe(true);
    expect(isAllowed(grants, "jails.view", jail("www9", ["web"], "b"))).toBe(true);
    expect(isAllowed(grants, "jails.view", jail("db1", ["db"], "b"))).toBe(false);
    expect(isAllowed(grants, "jails.view", { kind: "host", hostId: host })).toBe(false);
    expect(isAllowed(grants, "jails.power", jail("www1", ["web"], host))).toBe(false);
  });

  it("a jail or host grant with no host covers nothing: only tags span hosts", () => {
    expect(isAllowed([grant("admin", "host", host, null)], "jails.view", { kind: "host", hostId: host })).toBe(false);
    expect(isAllowed([grant("admin", "jail", "www1", null)], "jails.view", jail("www1"))).toBe(false);
  });
});

describe("hasAnywhere", () => {
  it("counts grants on the host asked about and tag grants on every host, not other hosts' grants", () => {
    expect(hasAnywhere([grant("viewer", "jail", "www1", "b")], "jails.view", "b")).toBe(true);
    expect(hasAnywhere([grant("viewer", "jail", "www1", "b")], "jails.view", host)).toBe(false);
    expect(hasAnywhere([grant("viewer", "tag", "web", null)], "jails.view", "b")).toBe(true);
  });

  it("is true for a jail-scoped grant of the permission", () => {
    expect(hasAnywhere([grant("operator", "jail", "dev1")], "console.interactive", host)).toBe(true);
    expect(hasAnywhere([grant("viewer", "jail", "dev1")], "console.interactive", host)).toBe(false);
  });
});
