import { describe, expect, it } from "vitest";
import { hostnameSchema, jailNameSchema, looksLikeAddress } from "./names";

/** What a name must never carry into an argv, a path or a FreeBSD jail's hierarchy. */
const BAD_JAIL_NAMES = [
  "a;b",
  "a;reboot",
  "$(id)",
  "`id`",
  "a|b",
  "a&b",
  "..",
  "../etc",
  "a/b",
  "/",
  "a.b",
  "a b",
  " a",
  "a\nb",
  "",
  "x".repeat(64),
  "-rf",
  "_a",
  "jäil",
];

describe("jailNameSchema", () => {
  it("accepts 1–63 letters, digits, '_' and '-', starting with a letter or digit", () => {
    for (const name of ["a", "www1", "db_1", "dev-1", "1st", "x".repeat(63)])
      expect(jailNameSchema.safeParse(name).success, name).toBe(true);
  });

  it.each(BAD_JAIL_NAMES)("refuses %j with the naming rule", (name) => {
    const result = jailNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Jail names are 1–63 letters/);
  });
});

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

  it("takes a host name up to the kernel's 64 characters and names the limit past it", () => {
    const longest = `${"a".repeat(31)}.${"b".repeat(32)}`;
    expect(hostnameSchema.safeParse(longest).success).toBe(true);
    const result = hostnameSchema.safeParse(`${longest}c`);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/at most 64 characters/);
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
