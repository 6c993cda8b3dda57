import { describe, expect, it } from "vitest";
import { latestStepOf } from "./layout-steps";

describe("a layout jail's progress", () => {
  const steps = [
    { jail: "www1", step: "creating from busybox at 10.0.0.2" },
    { jail: "dev1", step: "creating from debian at 10.0.0.7" },
    { jail: "www1", step: "starting" },
  ];
  it("is its newest step, and nothing before its first", () => {
    expect(latestStepOf(steps, "www1")).toBe("starting");
    expect(latestStepOf(steps, "dev1")).toBe("creating from debian at 10.0.0.7");
    expect(latestStepOf(steps, "dns1")).toBeNull();
  });
  it("finds a prefixed jail by its role, and not another role that ends alike", () => {
    expect(latestStepOf([{ jail: "t1-dev1", step: "ready" }], "dev1")).toBe("ready");
    expect(latestStepOf([{ jail: "t1-dev1", step: "ready" }], "v1")).toBeNull();
  });
});
