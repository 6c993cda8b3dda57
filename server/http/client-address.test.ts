import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-address";

const proxies = parseTrustedProxies("127.0.0.1, 10.9.0.0/16");

describe("clientAddress", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(clientAddress("192.0.2.7", "203.0.113.5", proxies)).toBe("192.0.2.7");
    expect(clientAddress("192.0.2.7", "203.0.113.5", [])).toBe("192.0.2.7");
  });

  it("believes a trusted proxy and skips trusted hops from the right", () => {
    expect(clientAddress("127.0.0.1", "203.0.113.5", proxies)).toBe("203.0.113.5");
    expect(clientAddress("::ffff:127.0.0.1", "198.51.100.1, 203.0.113.5, 10.9.3.4", proxies)).toBe("203.0.113.5");
  });

  it("never lets a client prepend a forged hop in front of the real one", () => {
    expect(clientAddress("127.0.0.1", "1.2.3.4, 203.0.113.5", proxies)).toBe("203.0.113.5");
  });

  it("falls back to the peer for garbage or an all-proxy chain", () => {
    expect(clientAddress("127.0.0.1", "not-an-ip", proxies)).toBe("127.0.0.1");
    expect(clientAddress("127.0.0.1", "10.9.0.1", proxies)).toBe("127.0.0.1");
  });

  it("names a bad entry in the setting", () => {
    expect(() => parseTrustedProxies("127.0.0.1, proxy.local")).toThrow(/"proxy.local" is not an address/);
  });
});
