import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ProcessFields } from "./process-detail";
import { proc } from "./test-support";

const parentField = (pid: number, ppid: number) => {
  const html = renderToStaticMarkup(
    createElement(ProcessFields, { process: proc(pid, ppid, null), container: null, takenAt: 0, onSelect: () => {} }),
  );
  return /<dt[^>]*>Parent<\/dt><dd[^>]*>(.*?)<\/dd>/.exec(html)?.[1];
};

describe("the details panel's Parent field", () => {
  it("offers PID 1 no parent link: the kernel started it, there is no process 0 to go to", () => {
    const field = parentField(1, 0);
    expect(field).toBe("none (started by the kernel)");
    expect(field).not.toMatch(/<button|\b0\b/);
  });

  it("links any other process to its parent", () => {
    expect(parentField(42, 1)).toMatch(/^<button type="button"[^>]*>1<\/button>$/);
  });
});
