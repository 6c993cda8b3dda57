import { describe, expect, it } from "vitest";
import { hostFromPageParams, hostFromSearch, isHostPage, pageHref, withHost } from "./host-param";

describe("the host a page shows (?host=)", () => {
  it("is the named host, or this machine when none or an empty one is named", () => {
    expect(hostFromSearch(new URLSearchParams("host=build2"))).toBe("build2");
    expect(hostFromSearch(new URLSearchParams("host=%20build2%20&x=1"))).toBe("build2");
    expect(hostFromSearch(new URLSearchParams("host="))).toBe("local");
    expect(hostFromSearch(new URLSearchParams("x=1"))).toBe("local");
    expect(hostFromSearch(null)).toBe("local");
  });

  it("is read the same from a server page's search params", () => {
    expect(hostFromPageParams({ host: "build2", x: "1" })).toBe("build2");
    expect(hostFromPageParams({ host: " " })).toBe("local");
    expect(hostFromPageParams({ host: ["a", "b"] })).toBe("local");
    expect(hostFromPageParams({})).toBe("local");
  });

  it("is kept by links: set or replaced, dropped for this machine, the rest of the query and the hash kept", () => {
    expect(withHost("/jails/www1", "build2")).toBe("/jails/www1?host=build2");
    expect(withHost("/jails?adopt=x&host=old#t", "build2")).toBe("/jails?adopt=x&host=build2#t");
    expect(withHost("/jails/www1?host=build2", "local")).toBe("/jails/www1");
    expect(withHost("/jails/a%20b", "b-2")).toBe("/jails/a%20b?host=b-2");
  });

  it("is kept only on links to host-aware pages", () => {
    expect(isHostPage("/jails")).toBe(true);
    expect(isHostPage("/jails/www1?x=1")).toBe(true);
    expect(isHostPage("/network")).toBe(true);
    expect(isHostPage("/jailsx")).toBe(false);
    expect(isHostPage("/team")).toBe(false);
    expect(isHostPage("/?host=b")).toBe(true);
    expect(isHostPage("/console/www1")).toBe(false);
  });

  it("rebuilds a server page's address from its params, for the landing redirect", () => {
    expect(pageHref("/jails", {})).toBe("/jails");
    expect(pageHref("/jails", { adopt: "ct 1", lxcPath: "/var/lib/lxc", none: undefined })).toBe(
      "/jails?adopt=ct+1&lxcPath=%2Fvar%2Flib%2Flxc",
    );
    expect(withHost(pageHref("/", { tag: ["a", "b"] }), "build2")).toBe("/?tag=a&tag=b&host=build2");
  });
});
