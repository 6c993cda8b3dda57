import { describe, expect, it } from "vitest";
import type { NetworkInfo } from "@/server/agent/protocol";
import { buildLedger, normalize } from "./ip-ledger";

/** The recorded FreeBSD host: jail addresses are /32 and /128 aliases on em0. */
const freebsd: NetworkInfo = {
  interfaces: [
    {
      name: "em0",
      up: true,
      jail: null,
      addresses: [
        { family: "inet", address: "192.0.2.10", prefixLength: 24 },
        { family: "inet", address: "192.0.2.11", prefixLength: 32 },
        { family: "inet6", address: "2001:db8::21", prefixLength: 128 },
      ],
    },
    { name: "lo0", up: true, jail: null, addresses: [{ family: "inet", address: "127.0.0.1", prefixLength: 8 }] },
  ],
  pools: [
    {
      cidr: "192.0.2.0/24",
      gateway: "192.0.2.1",
      interface: "em0",
      used: [{ address: "192.0.2.11", jail: "www1" }],
      freeCount: 250,
      nextFree: "192.0.2.2",
    },
  ],
  jailAddresses: [
    { jail: "www1", family: "inet", address: "192.0.2.11" },
    { jail: "dev1", family: "inet6", address: "2001:DB8:0::21" },
  ],
};

const base = (patch: Partial<NetworkInfo>): NetworkInfo => ({ ...freebsd, ...patch });

describe("buildLedger", () => {
  it("lists host and jail addresses in address order, a jail's alias under the jail", () => {
    const ledger = buildLedger(freebsd, ["www1", "dev1"]);
    const owner = (e: (typeof ledger.entries)[number]) => (e.owner.kind === "jail" ? e.owner.jail : "host");
    expect(ledger.entries.map((e) => `${e.address}/${e.prefixLength} ${owner(e)} ${e.interface}`)).toEqual([
      "127.0.0.1/8 host lo0",
      "192.0.2.10/24 host em0",
      "192.0.2.11/32 www1 em0",
      "2001:db8::21/128 dev1 em0",
    ]);
    expect(ledger.problems).toEqual([]);
  });

  it("shows a Linux jail's prefix and interface as the driver reports them", () => {
    const linux = base({
      interfaces: [{ name: "stockade0", up: true, jail: null, addresses: [{ family: "inet", address: "10.213.0.1", prefixLength: 24 }] }],
      pools: [],
      jailAddresses: [{ jail: "web1", family: "inet", address: "10.213.0.5", prefixLength: 24, interface: "eth0" }],
    });
    expect(buildLedger(linux, ["web1"]).entries.find((e) => e.owner.kind === "jail")).toMatchObject({
      address: "10.213.0.5",
      prefixLength: 24,
      interface: "eth0",
    });
  });

  it("summarises pools with used, free and next free", () => {
    const [pool] = buildLedger(freebsd, ["www1", "dev1"]).pools;
    expect(pool).toMatchObject({
      cidr: "192.0.2.0/24",
      freeCount: 250,
      nextFree: "192.0.2.2",
      used: [{ address: "192.0.2.11", jail: "www1", gone: false }],
    });
  });

  it("flags one address on two jails", () => {
    const network = base({ jailAddresses: [...freebsd.jailAddresses, { jail: "db1", family: "inet", address: "192.0.2.11" }] });
    const ledger = buildLedger(network, ["www1", "dev1", "db1"]);
    expect(ledger.problems).toEqual([{ kind: "conflict", address: "192.0.2.11", message: expect.stringContaining("www1, db1") }]);
    expect(ledger.entries.filter((e) => e.problems.includes("conflict"))).toHaveLength(2);
  });

  it("flags a jail using the host's own address or a pool's gateway", () => {
    const network = base({
      jailAddresses: [
        { jail: "bad", family: "inet", address: "192.0.2.10" },
        { jail: "gw", family: "inet", address: "192.0.2.1" },
      ],
    });
    const messages = buildLedger(network, ["bad", "gw"]).problems.map((p) => `${p.kind} ${p.address}`);
    expect(messages).toEqual(expect.arrayContaining(["conflict 192.0.2.10", "conflict 192.0.2.1"]));
  });

  it("flags leftovers: a reservation or an interface for a gone jail, an alias nobody uses", () => {
    const network = base({
      interfaces: [...freebsd.interfaces, { name: "vethOLD", up: true, jail: "gone1", addresses: [] }],
      pools: [{ ...freebsd.pools[0]!, used: [...freebsd.pools[0]!.used, { address: "192.0.2.40", jail: "gone2" }] }],
    });
    const ledger = buildLedger(network, ["dev1"]);
    const found = ledger.problems.map((p) => `${p.kind} ${p.address ?? "-"}`);
    expect(found).toEqual(expect.arrayContaining(["leftover 192.0.2.11", "leftover -", "leftover 192.0.2.40"]));
    expect(ledger.pools[0]!.used.find((u) => u.jail === "gone2")?.gone).toBe(true);
    expect(ledger.entries.find((e) => e.address === "192.0.2.11")).toMatchObject({ owner: { kind: "jail" } });
  });

  it("writes IPv6 one way", () => {
    expect(normalize("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(normalize("not-an-ip")).toBe("not-an-ip");
  });
});
