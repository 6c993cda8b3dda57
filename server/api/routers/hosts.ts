import { runningHostMonitor } from "@/server/fleet/monitor";
import { hostTarget, requirePermission, router } from "../init";

export const hostsRouter = router({
  /**
   * Every recorded host as the web's host monitor last saw it. Host-wide CPU and memory are
   * what only those who may see the host's own processes see (as host.usage), so the same permission.
   */
  list: requirePermission("host.processes.view", hostTarget).query(() => {
    const monitor = runningHostMonitor();
    // The server's clock, so the page says "seen 3 s ago" against the same clock that wrote lastSeen.
    return {
      pollMs: monitor?.intervalMs ?? null,
      at: new Date().toISOString(),
      hosts: monitor?.states() ?? [],
    };
  }),
});
