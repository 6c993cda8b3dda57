import { describe, expect, it } from "vitest";
import { parseIfconfig } from "./parse-ifconfig";
import { fixture, recorded } from "./test-support";

describe("parseIfconfig", () => {
  it("reads interfaces, UP flags and every address with its prefix", () => {
    const [em0, em1, lo0] = parseIfconfig(recorded("ifconfig.txt"));
    expect(em0?.name).toBe("em0");
    expect(em0?.up).toBe(true);
    expect(em1?.up).toBe(false);
    expect(em0?.addresses.slice(0, 2)).toEqual([
      { family: "inet", address: "192.0.2.10", prefixLength: 24 },
      { family: "inet", address: "192.0.2.11", prefixLength: 32 },
    ]);
    expect(em0?.addresses).toContainEqual({ family: "inet6", address: "fe80::5a9c:fcff:fe10:ffa1", prefixLength: 64 });
    expect(lo0?.addresses).toContainEqual({ family: "inet", address: "127.0.0.1", prefixLength: 8 });
  });

  it("reads the cidr and dotted netmask formats and descriptions", () => {
    const [vtnet0] = parseIfconfig(fixture("ifconfig-cidr.txt"));
    expect(vtnet0?.description).toBe("uplink");
    expect(vtnet0?.addresses).toEqual([
      { family: "inet", address: "10.0.0.5", prefixLength: 24 },
      { family: "inet", address: "10.0.0.6", prefixLength: 24 },
      { family: "inet6", address: "2001:db8:1::5", prefixLength: 64 },
    ]);
  });
});
