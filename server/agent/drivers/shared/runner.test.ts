import { describe, expect, it } from "vitest";
import { createRunner } from "./runner";

describe("createRunner", () => {
  it("reports output over the buffer limit as engine_failed, not as a missing tool", async () => {
    const error = await createRunner()
      .run(["head", "-c", String(65 * 1024 * 1024), "/dev/zero"])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AgentError", code: "engine_failed", message: expect.stringContaining("output too large") });
  });

  it("streams input to the command's stdin and closes it", async () => {
    const content = Buffer.from([0, 1, 2, 255, 10, 65]);
    const result = await createRunner().run(["od", "-An", "-tu1"], { input: content });
    expect(result.stdout.trim().split(/\s+/)).toEqual(["0", "1", "2", "255", "10", "65"]);
  });

  it("reports a command killed at its timeout as exit 124 with a note", async () => {
    const started = Date.now();
    const result = await createRunner().run(["sleep", "5"], { timeoutMs: 200, allowFailure: true });
    expect(result).toMatchObject({ exitCode: 124, stderr: expect.stringContaining("timed out after 200 ms") });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("keeps a failing command's exit code and both outputs", async () => {
    const result = await createRunner().run(["sh", "-c", "echo out; echo err >&2; exit 3"], { allowFailure: true });
    expect(result).toEqual({ exitCode: 3, stdout: "out\n", stderr: "err\n" });
  });

  it("still reports a tool that is not installed as unavailable", async () => {
    await expect(createRunner().run(["stockade-no-such-tool"])).rejects.toMatchObject({ code: "unavailable" });
  });
});
