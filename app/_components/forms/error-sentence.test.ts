import { describe, expect, it } from "vitest";
import { z } from "zod";
import { errorSentence } from "./error-sentence";

const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "Usernames are 3–32 lower-case letters, digits, '.', '_' or '-'");
const teamInput = z.object({ username: usernameSchema, name: z.string().trim().min(1).max(100), role: z.enum(["admin", "viewer"]) });

/** What a tRPC client error carries for a failed input: zod's JSON as the message and the issues in data. */
function trpcValidationError(input: unknown) {
  const result = teamInput.safeParse(input);
  if (result.success) throw new Error("expected a validation failure");
  return { message: result.error.message, data: { zodIssues: result.error.issues } };
}

describe("errorSentence", () => {
  it("names the field and says the rule instead of zod's JSON", () => {
    const error = trpcValidationError({ username: "Bad Name!", name: "x", role: "viewer" });
    expect(error.message).toContain('"code"');
    const text = errorSentence(error);
    expect(text).toBe("Username: Usernames are 3–32 lower-case letters, digits, '.', '_' or '-'.");
    expect(text).not.toContain("{");
  });

  it("uses the form's own labels and says every problem", () => {
    const error = trpcValidationError({ username: "ok-name", name: "   ", role: "root" });
    expect(errorSentence(error, { name: "Full name" })).toBe("Full name is required. Role must be one of admin, viewer.");
  });

  it("reads the issues from the message when the data has none", () => {
    const error = trpcValidationError({ username: "ok-name", name: "x".repeat(101), role: "admin" });
    expect(errorSentence({ message: error.message })).toBe("Name must be at most 100 characters.");
  });

  it("keeps a server's own sentence", () => {
    expect(errorSentence({ message: "A user named bob already exists." })).toBe("A user named bob already exists.");
    expect(errorSentence({ message: "Cannot reach the agent" })).toBe("Cannot reach the agent.");
  });
});
