import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { webConfig } from "@/server/config";
import { visibleHosts } from "@/server/fleet/host-choices";
import { enrolledHosts, hostNameSchema } from "@/server/fleet/hosts";
import { runningHostMonitor } from "@/server/fleet/monitor";
import { NoSuchRemoteHostError, revokeHost } from "@/server/fleet/revoke-host";
import { hostTarget, requirePermission, router, type AuditTargetOf } from "../init";

/** A revocation's audit event names the host revoked, not the web's own host it was asked on. */
const revokedHost: AuditTargetOf = (raw) => {
  const name = (raw as { name?: unknown } | undefined)?.name;
  return typeof name === "string" ? { targetType: "host", target: name } : null;
};

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

  /**
   * The hosts a page may show for the caller: those where some grant lets them see jails (a tag
   * grant on every host counts on each). Names only, so anyone signed in may ask; this machine first.
   */
  choices: requirePermission("signed-in").query(async ({ ctx }) => visibleHosts(ctx.caller.grants, await enrolledHosts(ctx.db))),

  /**
   * What `npm run stockade -- host revoke NAME` does (server/fleet/revoke-host.ts), for an admin
   * who typed the host's name to confirm. The host monitor is asked to poll at once, so the page
   * shows the host refused as revoked without waiting for the next round.
   */
  revoke: requirePermission("hosts.manage", hostTarget, revokedHost)
    .input(z.object({ name: hostNameSchema, confirmName: z.string().max(100) }))
    .mutation(async ({ ctx, input }) => {
      if (input.confirmName !== input.name) {
        throw new TRPCError({ code: "BAD_REQUEST", message: `Type the host's name, ${input.name}, to confirm.` });
      }
      const actor = { id: ctx.caller.id, name: ctx.caller.username };
      const result = await revokeHost(input.name, { dataDir: webConfig().dataDir, db: ctx.db, actor }).catch((error: unknown) => {
        throw error instanceof NoSuchRemoteHostError ? new TRPCError({ code: "NOT_FOUND", message: error.message }) : error;
      });
      void runningHostMonitor()?.pollNow();
      return { name: result.name, serial: result.serial, revoked: result.revoked };
    }),
});
