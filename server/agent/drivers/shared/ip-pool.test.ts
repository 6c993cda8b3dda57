import { describe, expect, it } from "vitest";
import {
  allocate,
  broadcastAddress,
  describeNetwork,
  describePool,
  freeCount,
  inPool,
  nextFree,
  parsePool,
  type PoolUsage,
} from "./ip-pool";

const empty: PoolUsage = { used: new Map(), hostAddresses: new Set() };

describe("IP pool", () => {
  it("parses a CIDR and takes the first address as the gateway", () => {
    expect(parsePool("10.213.0.0/24")).toMatchObject({ cidr: "10.213.0.0/24", prefixLength: 24, gateway: "10.213.0.1" });
    expect(parsePool("10.213.0.77/28").cidr).toBe("10.213.0.64/28");
  });

  it("spells out the broadcast address of the pool's network", () => {
    expect(broadcastAddress(parsePool("10.213.0.0/24"))).toBe("10.213.0.255");
    expect(broadcastAddress(parsePool("10.213.0.77/28"))).toBe("10.213.0.79");
    expect(broadcastAddress(parsePool("172.16.0.0/16"))).toBe("172.16.255.255");
  });

  it("refuses pools that are not private, too big, too small or not CIDR", () => {
    expect(() => parsePool("8.8.8.0/24")).toThrow(/private/);
    expect(() => parsePool("10.0.0.0/8")).toThrow(/between/);
    expect(() => parsePool("10.0.0.0/30")).toThrow(/between/);
    expect(() => parsePool("10.0.0.0")).toThrow(/CIDR/);
  });

  it("allocates the next free address, skipping gateway, jails and host addresses", () => {
    const pool = parsePool("10.1.2.0/29");
    expect(allocate(pool, empty, "a")).toBe("10.1.2.2");
    const usage: PoolUsage = { used: new Map([["10.1.2.2", "a"]]), hostAddresses: new Set(["10.1.2.3"]) };
    expect(nextFree(pool, usage)).toBe("10.1.2.4");
    expect(freeCount(pool, usage)).toBe(3);
  });

  it("refuses a requested address outside the pool, the network or broadcast address", () => {
    const pool = parsePool("10.1.2.0/29");
    for (const address of ["10.1.3.2", "10.1.2.0", "10.1.2.7", "not-an-ip"]) {
      expect(() => allocate(pool, empty, "a", address)).toThrow(expect.objectContaining({ code: "invalid_input" }));
    }
    expect(inPool(pool, "10.1.2.6")).toBe(true);
  });

  it("refuses the gateway, a taken address and a host address as conflicts", () => {
    const pool = parsePool("10.1.2.0/29");
    const usage: PoolUsage = { used: new Map([["10.1.2.4", "web"]]), hostAddresses: new Set(["10.1.2.5"]) };
    expect(() => allocate(pool, usage, "a", "10.1.2.1")).toThrow(/gateway/);
    expect(() => allocate(pool, usage, "a", "10.1.2.4")).toThrow(/already used by jail web/);
    expect(() => allocate(pool, usage, "a", "10.1.2.5")).toThrow(/on the host/);
    expect(allocate(pool, usage, "web", "10.1.2.4")).toBe("10.1.2.4");
  });

  it("says so when the pool is full", () => {
    const pool = parsePool("10.1.2.0/29");
    const used = new Map(["2", "3", "4", "5", "6"].map((n) => [`10.1.2.${n}`, "x"]));
    expect(() => allocate(pool, { used, hostAddresses: new Set() }, "a")).toThrow(/no free address/);
  });

  it("takes any network with a given gateway for a host pool, and describes its use", () => {
    const pool = describeNetwork("192.0.2.0/29", "192.0.2.6");
    expect(pool).toMatchObject({ cidr: "192.0.2.0/29", gateway: "192.0.2.6" });
    const usage: PoolUsage = {
      used: new Map([
        ["192.0.2.1", "www1"],
        ["198.51.100.9", "elsewhere"],
      ]),
      hostAddresses: new Set(["192.0.2.2"]),
    };
    expect(describePool(pool, "em0", usage)).toEqual({
      cidr: "192.0.2.0/29",
      gateway: "192.0.2.6",
      interface: "em0",
      used: [{ address: "192.0.2.1", jail: "www1" }],
      freeCount: 3,
      nextFree: "192.0.2.3",
    });
  });
});
