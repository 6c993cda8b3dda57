import { describe, expect, it } from "vitest";
import { debianPackageNameSchema, freebsdPackageNameSchema, installPackagesInputSchema, jailFilePathSchema } from "./packages";

const accepts = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: string) => schema.safeParse(value).success;

describe("package names", () => {
  it("accepts Debian names as Policy §5.6.1 defines them", () => {
    for (const name of ["openssh-server", "dnsmasq", "g++", "libstdc++6", "python3.11", "0ad", "xz-utils"]) {
      expect(accepts(debianPackageNameSchema, name), name).toBe(true);
    }
  });

  it("refuses Debian names that are too short, upper case, option-like or carry shell or apt syntax", () => {
    for (const name of [
      "a",
      "",
      "OpenSSH",
      "-o",
      "--reinstall",
      ".hidden",
      "+x",
      "foo bar",
      "foo;rm",
      "foo=1.0",
      "foo:amd64",
      "foo/bookworm",
      "foo_1",
      "a\nb",
      "pkg*",
    ]) {
      expect(accepts(debianPackageNameSchema, name), name).toBe(false);
    }
  });

  it("accepts FreeBSD package names and origins", () => {
    for (const name of ["nginx", "p5-XML-Parser", "py311-requests", "gtk+3", "php83_ext", "www/nginx", "x", "R"]) {
      expect(accepts(freebsdPackageNameSchema, name), name).toBe(true);
    }
  });

  it("refuses FreeBSD names that are option-like, globs, paths or shell", () => {
    for (const name of [
      "-y",
      "-f",
      "ngin*",
      "nginx?",
      "[a]nginx",
      "/usr/local/x",
      "../x",
      "www/",
      "a/b/c",
      "nginx;id",
      "nginx nginx",
      "",
    ]) {
      expect(accepts(freebsdPackageNameSchema, name), name).toBe(false);
    }
  });

  it("names the field and the rule when the input has a bad name", () => {
    const result = installPackagesInputSchema.safeParse({ name: "dev1", packages: ["openssh-server", "-o"] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(["packages", 1]);
    expect(installPackagesInputSchema.safeParse({ name: "dev1", packages: [] }).error!.issues[0]!.message).toBe(
      "Name at least one package",
    );
  });
});

describe("jail file paths", () => {
  it("accepts absolute paths without '..'", () => {
    for (const p of ["/www/index.html", "/etc/init.d/S50httpd", "/etc/dnsmasq.d/stockade.conf"])
      expect(accepts(jailFilePathSchema, p), p).toBe(true);
  });

  it("refuses relative paths, '..', spaces and control characters", () => {
    for (const p of ["www/index.html", "/etc/../../x", "/a b", "/a\nb", "/a\0b", ""]) expect(accepts(jailFilePathSchema, p), p).toBe(false);
  });
});
