import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FIELD_LABELS, FIELDS } from "@/app/(shell)/jails/new/draft";
import { agentErrorToTrpc } from "@/server/api/agent-errors";
import { commandFailure } from "@/server/agent/drivers/shared/runner";
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

  it("shows a create whose lxc-create failed on the create form with the agent's own message", () => {
    const stderr = "lxc-create: web1: lxccontainer.c: create_run_template: Failed to create container from template";
    const failure = commandFailure(["lxc-create", "-P", "/var/lib/lxc", "-n", "web1", "-t", "busybox"], {
      exitCode: 1,
      stdout: "",
      stderr,
    });
    // As init.ts's error formatter sends it: the TRPCError's message, and no field (the agent named none).
    const sent = { message: agentErrorToTrpc(failure).message, data: { zodIssues: null, agentField: null } };
    expect(placeServerErrors(sent, FIELDS, FIELD_LABELS)).toEqual({ fields: {}, form: `lxc-create failed (exit 1): ${stderr}.` });
  });
});
