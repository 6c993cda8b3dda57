import { describe, expect, it } from "vitest";
import { bodyHash, sealConf } from "./conf-seal";
import { actions, recordedHostRunner, testDriver } from "./driver-fixture";

const OLD1 = "/etc/jail.conf.d/old1.conf";

/** The recorded host with old1's file (stopped) sealed as Stockade writes it, then edited by hand to securelevel 3. */
function editedOld1() {
  const runner = recordedHostRunner();
  const sealed = sealConf(runner.files.get(OLD1)!);
  const edited = sealed.replace("securelevel = 2;", "securelevel = 3;");
  runner.files.set(OLD1, edited);
  return { runner, sealed, edited };
}

const old1 = async (driver: ReturnType<typeof testDriver>) => (await driver.listJails()).find((jail) => jail.name === "old1")!;

describe("drift: a stopped jail's file edited behind Stockade's back", () => {
  it("is not flagged while the file has the hash Stockade sealed it with", async () => {
    const runner = recordedHostRunner();
    runner.files.set(OLD1, sealConf(runner.files.get(OLD1)!));
    const jail = await old1(testDriver(runner));
    expect([jail.state, jail.drift]).toEqual(["stopped", undefined]);
  });

  it("is flagged with the hash recorded and the hash read, and accepting seals the edit without touching the jail", async () => {
    const { runner, sealed, edited } = editedOld1();
    const driver = testDriver(runner);
    expect((await old1(driver)).drift).toEqual([
      { key: `file:${OLD1}`, defined: `sha256:${bodyHash(sealed)}`, running: `sha256:${bodyHash(edited)}` },
    ]);
    const plan = await driver.plan({ kind: "reconcile", name: "old1", keep: "running" });
    expect(plan.shown).toMatchObject({
      kind: "change",
      configPath: OLD1,
      configBefore: edited,
      configAfter: sealConf(edited),
      commands: [],
    });
    await driver.apply(plan, { progress: () => {} });
    expect(runner.files.get(OLD1)).toBe(sealConf(edited));
    expect(actions(runner).filter((argv) => argv[0] === "jail")).toEqual([]);
    const accepted = await old1(driver);
    expect([accepted.drift, accepted.parameters.securelevel]).toEqual([undefined, "3"]);
  });

  it("refuses a revert: the file is the jail's only definition", async () => {
    const { runner } = editedOld1();
    await expect(testDriver(runner).plan({ kind: "reconcile", name: "old1", keep: "definition" })).rejects.toMatchObject({
      code: "unsupported",
    });
  });

  it("is not flagged after a change Stockade made itself: the file it writes is sealed", async () => {
    const { runner } = editedOld1();
    const driver = testDriver(runner);
    const plan = await driver.plan({ kind: "change", input: { name: "old1", parameters: { securelevel: 1 } } });
    await driver.apply(plan, { progress: () => {} });
    const changed = await old1(driver);
    expect([changed.drift, changed.parameters.securelevel]).toEqual([undefined, "1"]);
  });
});
