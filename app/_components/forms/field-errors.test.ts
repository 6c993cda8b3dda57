import { describe, expect, it } from "vitest";
import { z } from "zod";
import { placeServerErrors } from "./field-errors";

const input = z.object({
  name: z.string().regex(/^[a-z]+$/, "Names are lower-case letters"),
  limits: z.object({ memoryBytes: z.number().min(16) }),
});

describe("placeServerErrors", () => {
  it("puts zod issues beside their fields, nested paths under their top field", () => {
    const result = input.safeParse({ name: "Bad!", limits: { memoryBytes: 1 } });
    if (result.success) throw new Error("expected a failure");
    const placed = placeServerErrors(
      { message: result.error.message, data: { zodIssues: result.error.issues } },
      ["name", "limits.memoryBytes"],
      {
        "limits.memoryBytes": "Memory limit",
      },
    );
    expect(placed.fields).toEqual({
      name: "Name: Names are lower-case letters.",
      "limits.memoryBytes": "Memory limit must be at least 16.",
    });
    expect(placed.form).toBeNull();
  });

  it("puts an agent refusal beside the field it names", () => {
    const placed = placeServerErrors({ message: "Address 10.0.0.2 is already used by jail web1", data: { agentField: "ipv4" } }, [
      "name",
      "ipv4",
    ]);
    expect(placed).toEqual({ fields: { ipv4: "Address 10.0.0.2 is already used by jail web1." }, form: null });
  });

  it("keeps a refusal that names no known field for the form", () => {
    expect(placeServerErrors({ message: "The agent is not reachable", data: { agentField: null } }, ["name"])).toEqual({
      fields: {},
      form: "The agent is not reachable.",
    });
  });
});
