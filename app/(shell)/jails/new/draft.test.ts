import { describe, expect, it } from "vitest";
import { draftProblems, toCreateInput, type Draft } from "./draft";

const draft = (over: Partial<Draft> = {}): Draft => ({
  name: "web2",
  template: "busybox",
  hostname: "",
  ipv4: "",
  memoryMiB: "",
  maxProcesses: "",
  cpuPercent: "",
  parameters: { "allow.raw_sockets": false },
  autostart: false,
  tags: "",
  ...over,
});
const ctx = { existingNames: ["web1"], network: undefined };

describe("create form draft", () => {
  it("adds one host mount, read-only unless unticked, and checks it against the allow-list", () => {
    const mount = { hostPath: "/srv/www", jailPath: "/var/www", readOnly: true };
    expect(toCreateInput(draft({ mount })).mounts).toEqual([mount]);
    expect(toCreateInput(draft({ mount: { hostPath: "", jailPath: "", readOnly: true } })).mounts).toBeUndefined();
    expect(draftProblems(draft({ mount: { ...mount, jailPath: "" } }), ctx).mounts).toMatch(/both/);
    expect(draftProblems(draft({ mount: { ...mount, hostPath: "/etc/ssl" } }), ctx).mounts).toMatch(/refused/);
    expect(draftProblems(draft({ mount }), ctx)).toEqual({});
  });

  it("accepts a plain draft and builds the request", () => {
    expect(draftProblems(draft(), ctx)).toEqual({});
    expect(toCreateInput(draft({ memoryMiB: "256", tags: "web, prod", ipv4: " 10.0.0.3 " }))).toEqual({
      name: "web2",
      template: "busybox",
      ipv4: "10.0.0.3",
      limits: { memoryBytes: 256 * 1024 * 1024 },
      parameters: { "allow.raw_sockets": false },
      autostart: false,
      tags: ["web", "prod"],
    });
  });

  it("refuses an invalid or taken name, an IP as hostname, out-of-range limits and bad tags as typed", () => {
    expect(draftProblems(draft({ name: "bad name!" }), ctx).name).toBeTruthy();
    expect(draftProblems(draft({ name: "web1" }), ctx).name).toBe("A jail named web1 already exists.");
    expect(draftProblems(draft({ hostname: "127.0.0.1" }), ctx).hostname).toMatch(/IP address/);
    expect(draftProblems(draft({ memoryMiB: "8" }), ctx)["limits.memoryBytes"]).toBe("Memory limit must be between 16 and 1073741824 MiB.");
    expect(draftProblems(draft({ maxProcesses: "2.5" }), ctx)["limits.maxProcesses"]).toBe("Process limit must be a whole number.");
    expect(draftProblems(draft({ tags: "Web" }), ctx).tags).toMatch(/lower-case/);
  });

  it("asks for a name and a template only on submit", () => {
    expect(draftProblems(draft({ name: "", template: "" }), ctx)).toEqual({});
    expect(draftProblems(draft({ name: "", template: "" }), ctx, true)).toEqual({
      name: "Give the jail a name.",
      template: "Choose a template.",
    });
  });
});
