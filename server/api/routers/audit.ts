import { z } from "zod";
import type { Prisma } from "@/prisma/generated/client/client";
import * as agent from "@/server/agent-client/methods";
import { jailNameSchema } from "@/server/agent/protocol/names";
import { auditCsv } from "@/server/audit/csv";
import { enrolledHosts } from "@/server/fleet/hosts";
import { hostIdSchema, LOCAL_HOST_ID } from "@/server/hosts";
import { anyHostTarget, requirePermission, router, type Context, type Caller } from "../init";
import { allowedOnHost, allowedOnJail } from "../scope";

const EXPORT_LIMIT = 10_000;

const filterSchema = z.object({
  actor: z.string().trim().max(64).optional(),
  /** Events on this host only ("local": this machine, with the web's own events, which name no other host). */
  host: hostIdSchema.optional(),
  jail: jailNameSchema.optional(),
  action: z.string().trim().max(100).optional(),
  result: z.enum(["ok", "error", "denied"]).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
type AuditFilter = z.infer<typeof filterSchema>;
type Asking = Context & { caller: Caller };

/** A host's rows; this machine's include the few written with no host. */
const onHost = (hostId: string): Prisma.AuditEventWhereInput =>
  hostId === LOCAL_HOST_ID ? { OR: [{ hostId }, { hostId: null }] } : { hostId };

/** The hosts some grant of the caller's names; a tag grant on every host names every enrolled host. */
async function grantedHosts(ctx: Asking): Promise<string[]> {
  const named = ctx.caller.grants.flatMap((grant) => (grant.hostId === null ? [] : [grant.hostId]));
  const everywhere = ctx.caller.grants.some((grant) => grant.hostId === null);
  const all = everywhere ? (await enrolledHosts(ctx.db)).map((host) => host.id) : [];
  return [...new Set([...named, ...all])];
}

/** The jails on a host whose events the caller may audit: granted by name (even if gone), or by a tag its agent lists. */
async function auditableJails(ctx: Asking, hostId: string): Promise<string[]> {
  const asked = { caller: ctx.caller, hostId };
  const byName = ctx.caller.grants
    .filter((grant) => grant.hostId === hostId && grant.scopeType === "jail")
    .map((grant) => ({ name: grant.scopeValue, tags: [] as string[] }));
  const tagged = ctx.caller.grants.some((grant) => grant.scopeType === "tag" && (grant.hostId === hostId || grant.hostId === null));
  const listed = tagged
    ? await ctx
        .placeOf(hostId)
        .then((place) => agent.fetchJails(place.agent))
        .catch(() => [])
    : [];
  return [...new Set([...byName, ...listed].filter((jail) => allowedOnJail(asked, "audit.view", jail)).map((jail) => jail.name))];
}

/**
 * What the caller may read: everything for the web's admins (who may grant themselves any host);
 * otherwise their own actions, and per host the whole host's events or its auditable jails'.
 */
async function scopeOf(ctx: Asking): Promise<Prisma.AuditEventWhereInput> {
  if (allowedOnHost(ctx, "team.manage")) return {};
  const perHost = await Promise.all(
    (await grantedHosts(ctx)).map(async (hostId): Promise<Prisma.AuditEventWhereInput> => {
      if (allowedOnHost({ caller: ctx.caller, hostId }, "audit.view")) return onHost(hostId);
      return { AND: [onHost(hostId), { targetType: "jail", target: { in: await auditableJails(ctx, hostId) } }] };
    }),
  );
  return { OR: [{ actorId: ctx.caller.id }, ...perHost] };
}

/** The caller's scope and the filters, in one query: a page is full even when most events are out of scope. */
async function whereFor(ctx: Asking, filter: AuditFilter): Promise<Prisma.AuditEventWhereInput> {
  const at =
    filter.from || filter.to ? { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lte: filter.to } : {}) } : undefined;
  return {
    AND: [
      await scopeOf(ctx),
      filter.actor ? { actorName: filter.actor } : {},
      filter.host ? onHost(filter.host) : {},
      filter.jail ? { targetType: "jail", target: filter.jail } : {},
      filter.action ? { action: { startsWith: filter.action } } : {},
      filter.result ? { result: filter.result } : {},
      at ? { at } : {},
    ],
  };
}

export const auditRouter = router({
  /** The hosts the Host filter offers: every enrolled host for the web's admins, else those the caller's grants name. */
  hosts: requirePermission("audit.view", anyHostTarget).query(async ({ ctx }) => {
    const hosts = await enrolledHosts(ctx.db);
    if (allowedOnHost(ctx, "team.manage")) return hosts;
    const granted = new Set(await grantedHosts(ctx));
    return hosts.filter((host) => granted.has(host.id));
  }),

  /** Admins see everything; others see their own actions and events on the hosts and jails they may audit, on every host. */
  list: requirePermission("audit.view", anyHostTarget)
    .input(
      filterSchema.extend({ limit: z.number().int().min(1).max(500).default(100), before: z.date().optional() }).default({ limit: 100 }),
    )
    .query(async ({ ctx, input }) => {
      const where = await whereFor(ctx, input);
      return ctx.db.auditEvent.findMany({
        where: input.before ? { AND: [where, { at: { lt: input.before } }] } : where,
        orderBy: { at: "desc" },
        take: input.limit,
      });
    }),

  /** The same rows as the filtered list, as CSV (newest first, at most 10,000). */
  exportCsv: requirePermission("audit.view", anyHostTarget)
    .input(filterSchema.default({}))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.auditEvent.findMany({ where: await whereFor(ctx, input), orderBy: { at: "desc" }, take: EXPORT_LIMIT });
      return { csv: auditCsv(rows), rows: rows.length, truncated: rows.length === EXPORT_LIMIT };
    }),
});
