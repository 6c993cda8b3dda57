import { describe, expect, it } from "vitest";
import type { NetworkInfo } from "@/server/agent/protocol";
import { addressProblem, suggestedAddress } from "./address-check";

const network: NetworkInfo = {
  interfaces: [
    { name: "eth0", up: true, addresses: [{ family: "inet", address: "192.168.1.5", prefixLength: 24 }], jail: null },
    { name: "stockade0", up: true, addresses: [{ family: "inet", address: "10.213.0.1", prefixLength: 24 }], jail: null },
  ],
  pools: [
    {
      cidr: "10.213.0.0/24",
      gateway: "10.213.0.1",
      interface: "stockade0",
      used: [{ address: "10.213.0.2", jail: "web1" }],
      freeCount: 251,
      nextFree: "10.213.0.3",
    },
  ],
  jailAddresses: [{ jail: "web1", family: "inet", address: "10.213.0.2" }],
};

describe("addressProblem", () => {
  it("accepts a free pool address, and an empty field (the next free one)", () => {
    expect(addressProblem("10.213.0.3", network)).toBeNull();
    expect(addressProblem("", network)).toBeNull();
  });

  it("refuses malformed, out-of-pool, gateway, network and taken addresses with a sentence", () => {
    expect(addressProblem("10.213.0", network)).toMatch(/not an IPv4 address/);
    expect(addressProblem("10.213.0.256", network)).toMatch(/not an IPv4 address/);
    expect(addressProblem("192.168.1.9", network)).toBe("192.168.1.9 is outside the address pool (10.213.0.0/24).");
    expect(addressProblem("10.213.0.1", network)).toBe("10.213.0.1 is the pool's gateway.");
    expect(addressProblem("10.213.0.0", network)).toMatch(/network address/);
    expect(addressProblem("10.213.0.255", network)).toMatch(/broadcast address/);
    expect(addressProblem("10.213.0.2", network)).toBe("10.213.0.2 is taken by jail web1.");
  });

  it("suggests the pool's next free address", () => {
    expect(suggestedAddress(network)).toBe("10.213.0.3");
    expect(suggestedAddress(undefined)).toBeNull();
  });
});
