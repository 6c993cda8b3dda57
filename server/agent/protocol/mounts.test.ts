import { describe, expect, it } from "vitest";
import { hostMountSchema, hostMountsSchema, mountRequestsSchema, shareMountSchema } from "./mounts";

const ok = (hostPath: string, jailPath = "/srv/share") => hostMountSchema.safeParse({ hostPath, jailPath }).success;

describe("host mounts allow-list", () => {
  it("accepts a plain absolute directory, read-only unless asked", () => {
    expect(hostMountSchema.parse({ hostPath: "/srv/www", jailPath: "/var/www" })).toEqual({
      hostPath: "/srv/www",
      jailPath: "/var/www",
      readOnly: true,
    });
    expect(hostMountSchema.parse({ hostPath: "/srv/www", jailPath: "/var/www", readOnly: false }).readOnly).toBe(false);
  });

  it("refuses relative, unnormalized, '..' and odd-character paths", () => {
    for (const bad of [
      "srv",
      "./srv",
      "/srv/../etc",
      "/srv/..",
      "/srv//www",
      "/srv/./www",
      "/srv/",
      "/srv/a b",
      "/srv/a,ro",
      "/srv\n/x",
      "",
    ]) {
      expect({ bad, ok: ok(bad) }).toEqual({ bad, ok: false });
    }
  });

  it("refuses / and everything under /proc, /sys, /dev, /etc, /root, /boot on the host", () => {
    for (const bad of [
      "/",
      "/proc",
      "/proc/1/root",
      "/sys",
      "/sys/fs",
      "/dev",
      "/dev/shm",
      "/etc",
      "/etc/ssl",
      "/root",
      "/root/.ssh",
      "/boot",
    ]) {
      expect({ bad, ok: ok(bad) }).toEqual({ bad, ok: false });
    }
    // Only whole components count: /etcetera is not /etc.
    expect(ok("/etcetera")).toBe(true);
    expect(ok("/srv/proc")).toBe(true);
  });

  it("refuses mounting over the jail's own /, /proc, /sys or /dev, twice at one place, or one inside another", () => {
    for (const jailPath of ["/", "/proc", "/sys/kernel", "/dev", "/dev/pts"]) expect(ok("/srv/www", jailPath)).toBe(false);
    expect(ok("/srv/www", "/etc/nginx")).toBe(true);
    const twice = [
      { hostPath: "/srv/a", jailPath: "/srv/x" },
      { hostPath: "/srv/b", jailPath: "/srv/x" },
    ];
    expect(hostMountsSchema.safeParse(twice).success).toBe(false);
    const nested = [
      { hostPath: "/srv/a", jailPath: "/srv/x" },
      { hostPath: "/srv/b", jailPath: "/srv/x/y" },
    ];
    expect(hostMountsSchema.safeParse(nested).success).toBe(false);
  });
});

describe("shares by name", () => {
  it("accepts a plain name, read-only unless asked", () => {
    expect(shareMountSchema.parse({ share: "example", jailPath: "/srv/share" })).toEqual({
      share: "example",
      jailPath: "/srv/share",
      readOnly: true,
    });
  });

  it("refuses names that could leave the share directory or be read as options", () => {
    for (const share of ["../x", "..", ".", "a/b", "/srv", ".hidden", "a.b", "Example", "-x", "a b", "a,ro", "", "x".repeat(64), "a\n"]) {
      expect({ share, ok: shareMountSchema.safeParse({ share, jailPath: "/srv/share" }).success }).toEqual({ share, ok: false });
    }
    expect(shareMountSchema.safeParse({ share: "example", jailPath: "/proc/x" }).success).toBe(false);
  });

  it("is one kind of mount request: never both a share and a host path, and one jail path each", () => {
    const share = { share: "example", jailPath: "/srv/share" };
    expect(mountRequestsSchema.parse([share, { hostPath: "/srv/www", jailPath: "/var/www" }])).toHaveLength(2);
    expect(mountRequestsSchema.safeParse([{ ...share, hostPath: "/srv/www" }]).success).toBe(false);
    expect(mountRequestsSchema.safeParse([share, { hostPath: "/srv/www", jailPath: "/srv/share" }]).success).toBe(false);
    expect(mountRequestsSchema.safeParse([share, { share: "other", jailPath: "/srv/share/x" }]).success).toBe(false);
  });
});
