import { existsSync } from "node:fs";
import path from "node:path";
import type { JailDriver } from "../driver";
import { createFreebsdDriver, type FreebsdDriverOptions } from "./driver";
import { ReplayRunner } from "./replay-runner";

const besideModule = path.join(path.dirname(new URL(import.meta.url).pathname), "recorded-host");

/**
 * The recorded host shipped beside this driver: www1, db1, dev1 running, old1 stopped.
 * Bundled into .build/agent.mjs the module no longer sits beside it: use the checkout's copy.
 */
export const RECORDED_HOST_DIR = existsSync(besideModule) ? besideModule : path.resolve("server/agent/drivers/freebsd/recorded-host");

/** A read-only driver over a recorded host directory (STOCKADE_DRIVER=freebsd in development and e2e). */
export function createRecordedFreebsdDriver(
  dir: string = RECORDED_HOST_DIR,
  options: Partial<Omit<FreebsdDriverOptions, "runner" | "recorded">> = {},
): JailDriver {
  return createFreebsdDriver({
    interface: "em0",
    pool: { cidr: "192.0.2.0/24", gateway: "192.0.2.1" },
    templates: {
      base: { kind: "archive", archive: "/usr/local/jails/media/14.2-RELEASE-base.txz", description: "FreeBSD 14.2-RELEASE base" },
    },
    ...options,
    runner: new ReplayRunner(dir),
    recorded: true,
  });
}
