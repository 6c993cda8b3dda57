import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { JailDriver } from "../driver";
import type { Clock } from "./context";
import { createFreebsdDriver } from "./driver";
import { RecordingRunner } from "./runner";
import { RECORDED_HOST_DIR } from "./test-support";

/** A RecordingRunner preloaded with the recorded host's outputs and conf files. */
export function recordedHostRunner(): RecordingRunner {
  const manifest = JSON.parse(readFileSync(path.join(RECORDED_HOST_DIR, "manifest.json"), "utf8")) as {
    commands: Array<{ argv: string[]; stdout: string }>;
  };
  const runner = new RecordingRunner();
  for (const { argv, stdout } of manifest.commands) {
    runner.on(argv, { stdout: readFileSync(path.join(RECORDED_HOST_DIR, "outputs", stdout), "utf8") });
  }
  const root = path.join(RECORDED_HOST_DIR, "root");
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    runner.files.set(`/${path.relative(root, file)}`, readFileSync(file, "utf8"));
  }
  return runner;
}

export const fakeClock = (): Clock & { tick: () => void } => {
  let callback: (() => void) | null = null;
  return {
    now: () => 1_740_800_000_000,
    setInterval: (cb) => ((callback = cb), 1),
    clearInterval: () => (callback = null),
    tick: () => callback?.(),
  };
};

export function testDriver(runner: RecordingRunner, clock: Clock = fakeClock()): JailDriver {
  return createFreebsdDriver({
    runner,
    interface: "em0",
    jailsRoot: "/usr/local/jails",
    pool: { cidr: "192.0.2.0/24", gateway: "192.0.2.1" },
    templates: {
      base: { kind: "archive", archive: "/usr/local/jails/media/base.txz", description: "14.2 base" },
      copy: { kind: "userland", source: "/usr/local/jails/templates/14.2", description: "copy" },
      thin: { kind: "thin", base: "/usr/local/jails/templates/14.2", description: "thin" },
    },
    clock,
    ptySpawner: async (file, args) => ({
      pid: 4242,
      write() {},
      resize() {},
      onData: () => () => {},
      onExit: () => () => {},
      pause() {},
      resume() {},
      close() {},
      ...{ spawned: [file, ...args] },
    }),
  });
}

/** The listing's reads: jls, and each managed running jail's rctl rules (for limit drift). */
export const listingRead = (argv: string[]) =>
  argv[0] === "jls" || (argv[0] === "rctl" && argv.length === 2 && argv[1]!.startsWith("jail:"));

/** The commands that change or inspect something beyond the jail list itself. */
export function actions(runner: RecordingRunner): string[][] {
  return runner.commands.filter((argv) => !listingRead(argv));
}

/** The driver's default journal directory: its writes are recovery's, not the host's changes. */
export const JOURNAL_DIR = "/var/db/stockade/operations/";

/** Every call but the journal's, in order. */
export function hostCalls(runner: RecordingRunner) {
  return runner.calls.filter((call) => !("file" in call && call.file.startsWith(JOURNAL_DIR)));
}
