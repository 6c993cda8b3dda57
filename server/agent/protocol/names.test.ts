import { describe, expect, it } from "vitest";
import { hostnameSchema, looksLikeAddress } from "./names";

describe("hostnameSchema", () => {
  it("accepts host names, including labels that start with digits", () => {
    for (const name of ["web1", "web1.example.org", "3com.example", "a-b.c-d", "1x"])
      expect(hostnameSchema.safeParse(name).success, name).toBe(true);
  });

  it("refuses an IP address, or anything inet_aton would read as one, like any invalid host name", () => {
    for (const name of ["127.0.0.1", "999.1.1.1", "10.0.1", "2130706433", "0x7f.1", "0X7F000001"]) {
      const result = hostnameSchema.safeParse(name);
      expect(result.success, name).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/cannot be an IP address/);
    }
  });

  it("refuses labels with other characters, leading or trailing hyphens, and over-long names", () => {
    for (const name of ["web_1", "-web", "web-", "a..b", "", "a".repeat(64), `${"a.".repeat(127)}a`]) {
      expect(hostnameSchema.safeParse(name).success, name).toBe(false);
    }
  });
});

describe("looksLikeAddress", () => {
  it("tells dotted numbers from names with a letter in them", () => {
    expect(looksLikeAddress("1.2.3.4")).toBe(true);
    expect(looksLikeAddress("1.2.3.4.5")).toBe(false);
    expect(looksLikeAddress("1.2.3.web")).toBe(false);
  });
});
