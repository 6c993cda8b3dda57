import { describe, expect, it } from "vitest";
import { jailIdentity, showsJidColumn } from "./jail-identity";

describe("jailIdentity", () => {
  it("shows a running LXC jail's init PID instead of 'JID: not running'", () => {
    expect(jailIdentity({ jid: null, initPid: 4242, state: "running" })).toMatchObject({ label: "Init PID", value: "4242" });
  });

  it("shows FreeBSD's JID, and nothing for a stopped jail", () => {
    expect(jailIdentity({ jid: 7, initPid: null, state: "running" })).toMatchObject({ label: "JID", value: "7" });
    expect(jailIdentity({ jid: null, initPid: null, state: "stopped" })).toBeNull();
  });

  it("drops the JID column where no jail has one (Linux)", () => {
    expect(showsJidColumn([{ jid: null }, { jid: null }])).toBe(false);
    expect(showsJidColumn([{ jid: null }, { jid: 3 }])).toBe(true);
  });
});
