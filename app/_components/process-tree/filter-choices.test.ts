import { describe, expect, it } from "vitest";
import type { ProcessInfo } from "@/server/agent/protocol";
import { FilterChoices } from "./filter-choices";

function proc(pid: number, user: string, jail: string | null): ProcessInfo {
  const fields = { ppid: 1, pidInJail: null, uid: 0, state: "S", cpuPercent: 0, rssBytes: 0, startedAt: 0, command: "sh", args: "sh" };
  return { pid, user, jail, ...fields };
}

describe("filter choices", () => {
  it("lists the jails and users in sight, following additions, changes and exits", () => {
    const choices = new FilterChoices();
    const first = [proc(1, "root", null), proc(2, "www", "web"), proc(3, "app", "db")];
    expect(choices.update(first, undefined)).toEqual({ jails: "db\nweb", users: "app\nroot\nwww" });
    const second = [first[0]!, proc(2, "nobody", "web"), proc(4, "app", "web")];
    expect(choices.update(second, undefined)).toEqual({ jails: "web", users: "app\nnobody\nroot" });
  });

  it("counts one jail's processes only when narrowed to it, and starts over when the jail changes", () => {
    const choices = new FilterChoices();
    const processes = [proc(1, "root", null), proc(2, "www", "web"), proc(3, "app", "db")];
    expect(choices.update(processes, "web")).toEqual({ jails: "web", users: "www" });
    expect(choices.update(processes, "db")).toEqual({ jails: "db", users: "app" });
    expect(choices.update(processes, undefined)).toEqual({ jails: "db\nweb", users: "app\nroot\nwww" });
  });
});
