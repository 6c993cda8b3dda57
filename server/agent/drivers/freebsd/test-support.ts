import { readFileSync } from "node:fs";
import path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);

export const RECORDED_HOST_DIR = path.join(here, "recorded-host");

/** A recorded command output from recorded-host/outputs. */
export function recorded(name: string): string {
  return readFileSync(path.join(RECORDED_HOST_DIR, "outputs", name), "utf8");
}

/** A quirk fixture from fixtures/. */
export function fixture(name: string): string {
  return readFileSync(path.join(here, "fixtures", name), "utf8");
}
