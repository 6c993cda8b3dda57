import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** What start.sh and setup.sh print when their output goes to a file or a pipe (not a terminal). */
function piped(script: string, input: string): string {
  return execFileSync("bash", ["-c", `source scripts/lib/output.sh; ${script}`], { input, encoding: "utf8" });
}

describe("scripts/lib/output.sh", () => {
  it("marks each line of a long command's output as it arrives, without escape codes or spinner redraws", () => {
    const nextBuild = "\u001b[1m\u001b[38;2;173;127;168m▲ Next.js\u001b[0m\n   Creating an optimized build ...\r⠋\r✓ Compiled\n\n";
    expect(piped("show_progress build", nextBuild)).toBe(
      "[build] ▲ Next.js\n[build]    Creating an optimized build ...\n[build] ⠋\n[build] ✓ Compiled\n",
    );
  });

  it("says its own messages plainly and asks coloured tools for plain output", () => {
    expect(piped('say start "Building the web app"; echo "NO_COLOR=$NO_COLOR"', "")).toBe("[start] Building the web app\nNO_COLOR=1\n");
  });
});
