import type { LiveDataMode } from "@/server/fleet/status";
import { REFRESH_MS } from "@/app/_components/load-state";

/**
 * How often the banner asks again. Without Redis the mode is fixed for the web process's
 * life, so one answer is enough; with Redis it can turn degraded and back at any time.
 */
export function liveDataRefetchMs(mode: LiveDataMode | undefined): number | false {
  return mode === "single-process" ? false : REFRESH_MS * 3;
}
