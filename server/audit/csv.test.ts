import { describe, expect, it } from "vitest";
import { auditCsv } from "./csv";

const row = {
  at: new Date("2026-12-02T07:00:00.000Z"),
  actorId: "u1",
  actorName: "dana",
  action: "jails.restart",
  hostId: "build2",
  targetType: "jail",
  target: "www1",
  result: "ok",
  message: null,
  details: '{"name":"www1"}',
};

describe("auditCsv", () => {
  it("writes a header and one quoted line per event", () => {
    expect(auditCsv([row]).split("\r\n")).toEqual([
      "at,actor_id,actor,action,target_type,target,result,message,details,host",
      '2026-12-02T07:00:00.000Z,u1,dana,jails.restart,jail,www1,ok,,"{""name"":""www1""}",build2',
      "",
    ]);
  });

  it("never lets a cell start a spreadsheet formula", () => {
    expect(auditCsv([{ ...row, message: "=HYPERLINK(1)" }])).toContain(",'=HYPERLINK(1),");
  });
});
