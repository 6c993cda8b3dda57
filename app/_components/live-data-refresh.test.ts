import { describe, expect, it } from "vitest";
import { REFRESH_MS } from "@/app/_components/load-state";
import { liveDataRefetchMs } from "@/app/_components/live-data-refresh";

describe("liveDataRefetchMs", () => {
  it("stops asking once the web process says it runs alone", () => {
    expect(liveDataRefetchMs("single-process")).toBe(false);
  });

  it("keeps asking while Redis may come and go, and before the first answer", () => {
    expect(liveDataRefetchMs("shared")).toBe(REFRESH_MS * 3);
    expect(liveDataRefetchMs("degraded")).toBe(REFRESH_MS * 3);
    expect(liveDataRefetchMs(undefined)).toBe(REFRESH_MS * 3);
  });
});
