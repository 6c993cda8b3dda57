import { describe, expect, it, vi } from "vitest";
import { mayDo, type Caller } from "./authorize";

const caller = (grants: Caller["grants"]): Caller => ({ id: "u1", username: "ann", name: "Ann", grants });
const grant = (roleName: string, scopeType: string, scopeValue = "") => ({ roleName, hostId: "local", scopeType, scopeValue });

describe("mayDo on a jail", () => {
  it("does not read the jail's tags when a host or jail grant already allows", async () => {
    const jailTags = vi.fn(async () => ["web"]);
    const place = { hostId: "local", jailTags };
    const target = { kind: "jail" as const, jail: "www1" };
    expect(await mayDo(caller([grant("admin", "host")]), "jails.power", target, place)).toBe(true);
    expect(await mayDo(caller([grant("operator", "jail", "www1")]), "jails.power", target, place)).toBe(true);
    expect(jailTags).not.toHaveBeenCalled();
  });

  it("does not read tags when no tag grant could allow, and refuses", async () => {
    const jailTags = vi.fn(async () => ["web"]);
    const refused = await mayDo(
      caller([grant("operator", "jail", "db1")]),
      "jails.power",
      { kind: "jail", jail: "www1" },
      { hostId: "local", jailTags },
    );
    expect(refused).toBe(false);
    expect(jailTags).not.toHaveBeenCalled();
  });

  it("reads the tags for a tag grant: allowed with the tag, refused without", async () => {
    const tagged = caller([grant("operator", "tag", "web")]);
    const target = { kind: "jail" as const, jail: "www1" };
    expect(await mayDo(tagged, "jails.power", target, { hostId: "local", jailTags: async () => ["web"] })).toBe(true);
    expect(await mayDo(tagged, "jails.power", target, { hostId: "local", jailTags: async () => ["db"] })).toBe(false);
    expect(await mayDo(tagged, "jails.manage", target, { hostId: "local", jailTags: async () => ["web"] })).toBe(false);
  });
});

describe("mayDo on any host", () => {
  it("allows with the permission granted on another host only, where anywhere on this one refuses", async () => {
    const onB = caller([{ roleName: "operator", hostId: "build2", scopeType: "jail", scopeValue: "www1" }]);
    const place = { hostId: "local", jailTags: async () => [] };
    expect(await mayDo(onB, "audit.view", { kind: "any-host" }, place)).toBe(true);
    expect(await mayDo(onB, "audit.view", { kind: "anywhere" }, place)).toBe(false);
    expect(await mayDo(onB, "team.manage", { kind: "any-host" }, place)).toBe(false);
  });
});
