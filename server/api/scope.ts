import type { Jail } from "@/server/agent/protocol";
import { isAllowed, type Permission } from "@/server/auth/permissions";
import type { Viewer } from "./init";

interface ScopeContext {
  viewer: Viewer;
  hostId: string;
}

export function allowedOnJail(ctx: ScopeContext, permission: Permission, jail: Pick<Jail, "name" | "tags">): boolean {
  return isAllowed(ctx.viewer.grants, permission, { kind: "jail", hostId: ctx.hostId, jail: jail.name, tags: jail.tags });
}

export function allowedOnHost(ctx: ScopeContext, permission: Permission): boolean {
  return isAllowed(ctx.viewer.grants, permission, { kind: "host", hostId: ctx.hostId });
}

/** The jails the caller may see. */
export function visibleJails<J extends Pick<Jail, "name" | "tags">>(ctx: ScopeContext, jails: J[]): J[] {
  return jails.filter((jail) => allowedOnJail(ctx, "jails.view", jail));
}
