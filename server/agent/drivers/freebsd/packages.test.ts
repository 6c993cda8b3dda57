import { describe, expect, it } from "vitest";
import { actions, recordedHostRunner, testDriver } from "./driver-fixture";
import { parseInstalled } from "./packages";

const PKG_OUTPUT = `Updating FreeBSD repository catalogue...
FreeBSD repository is up to date.
All repositories are up to date.
The following 2 package(s) will be affected (of 0 checked):

New packages to be INSTALLED:
\tnginx: 1.26.2_1,3
\tpcre2: 10.43

Number of packages to be installed: 2
[1/2] Installing pcre2-10.43...
[1/2] Extracting pcre2-10.43: .......... done
[2/2] Installing nginx-1.26.2_1,3...
[2/2] Extracting nginx-1.26.2_1,3: .......... done
`;

describe("installing packages into a FreeBSD jail", () => {
  it("runs pkg -j NAME install -y with the names as separate arguments and reports what pkg installed", async () => {
    const runner = recordedHostRunner();
    const argv = ["pkg", "-j", "www1", "install", "-y", "nginx", "www/p5-Foo+Bar"];
    runner.on(argv, { stdout: PKG_OUTPUT });
    const progress: string[] = [];
    const driver = testDriver(runner);
    const output: string[] = [];
    driver.subscribe((event) => {
      if (event.type === "jail.output" && event.jail === "www1" && event.phase === "packages") output.push(event.data);
    });
    const result = await driver.installPackages("www1", ["nginx", "www/p5-Foo+Bar"], (m) => progress.push(m));
    expect(actions(runner).filter((a) => a[0] === "pkg")).toEqual([argv]);
    expect(result).toMatchObject({ jail: "www1", installed: ["pcre2-10.43", "nginx-1.26.2_1,3"] });
    expect(progress[0]).toBe(argv.join(" "));
    expect(progress).toContain("[2/2] Installing nginx-1.26.2_1,3...");
    // pkg's output reaches the page line by line as jail.output events, like boot output.
    expect(output.join("")).toBe(PKG_OUTPUT.replace(/\n\n/g, "\n"));
  });

  it("refuses a stopped jail before running pkg", async () => {
    const runner = recordedHostRunner();
    await expect(testDriver(runner).installPackages("old1", ["nginx"], () => {})).rejects.toMatchObject({ code: "conflict" });
    expect(runner.commands.some((a) => a[0] === "pkg")).toBe(false);
  });

  it("maps a failing pkg to engine_failed with its message", async () => {
    const runner = recordedHostRunner();
    runner.on(["pkg", "-j", "www1", "install", "-y", "nosuchpkg"], {
      exitCode: 70,
      stderr: "pkg: No packages available to install matching 'nosuchpkg' have been found in the repositories",
    });
    await expect(testDriver(runner).installPackages("www1", ["nosuchpkg"], () => {})).rejects.toMatchObject({
      code: "engine_failed",
      message: expect.stringContaining("nosuchpkg"),
    });
  });

  it("reads nothing installed from output without install lines", () => {
    expect(parseInstalled("The most recent versions of packages are already installed\n")).toEqual([]);
  });
});
