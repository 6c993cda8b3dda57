import { describe, expect, it } from "vitest";
import { applyLayoutInputSchema, dnsUpstreamSchema } from "./schema";

describe("the DNS cache's upstream", () => {
  it("is an IPv4 address, with an optional port as dnsmasq writes it", () => {
    for (const good of ["10.0.0.1", "10.0.0.1#5353", "192.0.2.254#65535"]) expect(dnsUpstreamSchema.safeParse(good).success).toBe(true);
  });

  it("refuses anything that could add a line or an option to dnsmasq's config", () => {
    for (const bad of ["10.0.0.1\naddress=/#/1.2.3.4", "resolver.example", "10.0.0.256", "10.0.0.1#0", "10.0.0.1#70000", "10.0.0.1 #53"])
      expect(dnsUpstreamSchema.safeParse(bad).success).toBe(false);
    expect(applyLayoutInputSchema.safeParse({ dnsUpstream: "10.0.0.1/8" }).success).toBe(false);
  });
});
