import { describe, expect, it } from "vitest";
import { landingHost, visibleHosts } from "./host-choices";

const hosts = [{ id: "local" }, { id: "build2" }, { id: "build3" }];
const grant = (roleName: string, hostId: string | null, scopeType: string, scopeValue: string) => ({
  roleName,
  hostId,
  scopeType,
  scopeValue,
});

describe("the hosts a caller's pages show", () => {
  it("are those where some grant lets them see jails, a tag on every host counting on each", () => {
    expect(visibleHosts([grant("viewer", "build3", "jail", "www1")], hosts).map((h) => h.id)).toEqual(["build3"]);
    expect(visibleHosts([grant("viewer", null, "tag", "web")], hosts).map((h) => h.id)).toEqual(["local", "build2", "build3"]);
    expect(visibleHosts([], hosts)).toEqual([]);
  });

  it("land on this machine when it is one of them, else on the first host they may see", () => {
    expect(landingHost([grant("operator", "local", "jail", "dev1"), grant("admin", "build2", "host", "build2")], hosts)).toBe("local");
    expect(landingHost([grant("operator", "build3", "jail", "dev1"), grant("admin", "build2", "host", "build2")], hosts)).toBe("build2");
    expect(landingHost([grant("viewer", null, "tag", "web")], hosts)).toBe("local");
  });

  it("stay on this machine when no host is to be seen (its page says so), or the granted host is not enrolled", () => {
    expect(landingHost([], hosts)).toBe("local");
    expect(landingHost([grant("viewer", "gone", "host", "gone")], hosts)).toBe("local");
  });
});
