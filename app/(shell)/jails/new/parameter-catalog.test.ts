import { describe, expect, it } from "vitest";
import { findingFor, parameterCatalog, riskOf, safeDefaults } from "./parameter-catalog";

describe("parameter catalog", () => {
  it("offers only the Linux driver's allow-listed parameter on Linux", () => {
    expect(parameterCatalog("linux").map((entry) => entry.name)).toEqual(["allow.raw_sockets"]);
  });

  it("explains every risky FreeBSD parameter with the posture rules and offers a safe alternative", () => {
    for (const entry of parameterCatalog("freebsd").filter((e) => e.risky !== undefined)) {
      expect(riskOf(entry)?.reason, entry.name).toBeTruthy();
      expect(entry.alternative?.text, entry.name).toBeTruthy();
      expect(findingFor(entry, entry.safe), entry.name).toBeNull();
    }
    const sysvipc = parameterCatalog("freebsd").find((e) => e.name === "allow.sysvipc")!;
    expect(riskOf(sysvipc)?.reason).toMatch(/shared memory/);
    expect(sysvipc.alternative?.values).toMatchObject({ sysvshm: "new" });
  });

  it("starts every parameter at its safe value", () => {
    expect(safeDefaults(parameterCatalog("linux"))).toEqual({ "allow.raw_sockets": false });
  });
});
