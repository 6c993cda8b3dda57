import { describe, expect, it } from "vitest";
import { agentErrorCodeSchema, AgentError } from "../protocol";
import { errorBody, statusForCode } from "./errors";

describe("error mapping", () => {
  it("gives every code a distinct HTTP status", () => {
    const statuses = agentErrorCodeSchema.options.map((code) => statusForCode[code]);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statusForCode.invalid_input).toBe(400);
    expect(statusForCode.conflict).toBe(409);
  });

  it("keeps an AgentError's code, message and details", () => {
    expect(errorBody(new AgentError("conflict", "taken", { address: "10.0.0.2" }))).toEqual({
      status: 409,
      body: { code: "conflict", message: "taken", details: { address: "10.0.0.2" } },
    });
  });

  it("turns anything else into internal", () => {
    expect(errorBody(new TypeError("boom"))).toEqual({ status: 500, body: { code: "internal", message: "boom" } });
    expect(errorBody("odd")).toMatchObject({ status: 500, body: { code: "internal" } });
  });
});
