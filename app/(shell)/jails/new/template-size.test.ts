import { describe, expect, it } from "vitest";
import { templateOptionLabel, templateSizeText } from "./template-size";

const template = (ready: boolean, size: { bytes: number; of: "shared" | "each-jail" } | null) => ({
  name: "debian",
  description: "d",
  ready,
  size,
});

describe("template sizes on the create form", () => {
  it("a shared base is its size on disk, shared by its jails", () => {
    expect(templateSizeText(template(true, { bytes: 171_251_181, of: "shared" }))).toMatch(/^163(\.\d)? MiB on disk, shared/);
    expect(templateOptionLabel(template(true, { bytes: 171_251_181, of: "shared" }))).toMatch(/^debian \(ready, 163(\.\d)? MiB\)$/);
  });

  it("a copied template is its size per jail", () => {
    expect(templateOptionLabel(template(true, { bytes: 1_982_256, of: "each-jail" }))).toMatch(/per jail\)$/);
  });

  it("an unbuilt template says when its size is known", () => {
    expect(templateSizeText(template(false, null))).toBe("size known once it is built");
    expect(templateOptionLabel(template(false, null))).toBe("debian (not built yet)");
  });
});
