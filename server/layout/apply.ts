import {
  AgentError,
  applyJailPlan,
  fetchJails,
  fetchNetworkInfo,
  fetchTemplates,
  installPackages,
  planJailChange,
  restartJail,
  startJail,
  writeJailFile,
  type AgentConnection,
} from "@/server/agent-client";
import type { Plan, PlanRequest } from "@/server/agent/protocol";
import { consecutiveFree } from "./addresses";
import { CLASSIC_LAYOUT, layoutJailName, type LayoutJail, type LayoutPlacement } from "./classic";

/** Every jail the layout makes carries this tag; removal touches only jails that have it. */
export const LAYOUT_TAG = "example";

export interface LayoutOptions {
  /** Prepended to every role name (tests use their own prefix); none by default. */
  prefix?: string;
  sshPublicKey?: string | null;
  /** The DNS cache's upstream resolver; none: it answers only the layout's names (the jail has no route out). */
  dnsUpstream?: string | null;
  onStep?: (jail: string, step: string) => void;
  /** Each create and destroy is a plan the agent computed and then applied: called with it and how it ended. */
  onPlan?: (plan: Plan, error: unknown) => Promise<void> | void;
  /** Jails built at a time: each is a few agent calls, Debian ones a download and dpkg. */
  concurrency?: number;
}

export interface LayoutJailResult {
  name: string;
  role: string;
  description: string;
  address: string;
  service: LayoutJail["service"];
  ok: boolean;
  error: string | null;
}

export interface Placed {
  jail: LayoutJail;
  placement: LayoutPlacement;
}

async function place(conn: AgentConnection, prefix: string, sshPublicKey: string | null, dnsUpstream: string | null): Promise<Placed[]> {
  const templates = (await fetchTemplates(conn)).map((t) => t.name);
  const missing = [...new Set(CLASSIC_LAYOUT.map((j) => j.template))].filter((t) => !templates.includes(t));
  if (missing.length)
    throw new AgentError("unsupported", `The example layout needs the ${missing.join(" and ")} template, which this host does not have`);
  const names = Object.fromEntries(CLASSIC_LAYOUT.map((j) => [j.role, layoutJailName(prefix, j.role)]));
  const existing = new Set((await fetchJails(conn)).map((j) => j.name));
  const clash = Object.values(names).filter((n) => existing.has(n));
  if (clash.length)
    throw new AgentError("conflict", `${clash.join(", ")} already exist: remove the example layout first`, { jail: clash[0]! });
  const pool = (await fetchNetworkInfo(conn)).pools[0];
  if (!pool) throw new AgentError("unsupported", "This host has no address pool to place the example layout in");
  const free = consecutiveFree(
    pool.cidr,
    [...(pool.gateway ? [pool.gateway] : []), ...pool.used.map((u) => u.address)],
    CLASSIC_LAYOUT.length,
  );
  if (!free)
    throw new AgentError("conflict", `The pool ${pool.cidr} has no ${CLASSIC_LAYOUT.length} consecutive free addresses`, { field: "ipv4" });
  const addresses = Object.fromEntries(CLASSIC_LAYOUT.map((j, i) => [j.role, free[i]!]));
  return CLASSIC_LAYOUT.map((jail) => ({
    jail,
    placement: { name: names[jail.role]!, address: addresses[jail.role]!, addresses, names, sshPublicKey, dnsUpstream },
  }));
}

const isStale = (error: unknown) => error instanceof AgentError && error.code === "stale_plan";

/**
 * The same path as the create form: the agent plans, the plan is applied as shown, and reported.
 * The layout's creates run side by side and each takes an id range: one that finds its plan
 * moved by another (stale, nothing ran) plans again, as the agent's own jails.create does.
 */
async function planThenApply(conn: AgentConnection, request: PlanRequest, onPlan: LayoutOptions["onPlan"]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const plan = await planJailChange(conn, request);
    try {
      await applyJailPlan(conn, { planId: plan.id, jail: plan.jail, kind: plan.kind });
    } catch (error) {
      if (isStale(error) && attempt < 5) continue;
      await onPlan?.(plan, error);
      throw error;
    }
    await onPlan?.(plan, null);
    return;
  }
}

/** Create, start, install, configure, then restart so the jail's own init starts the service. */
async function build(conn: AgentConnection, { jail, placement }: Placed, step: (s: string) => void, options: LayoutOptions): Promise<void> {
  const { name, address } = placement;
  step(`creating from ${jail.template} at ${address}`);
  const input = { name, template: jail.template, ipv4: address, tags: [LAYOUT_TAG], autostart: false, mounts: jail.mounts };
  await planThenApply(conn, { kind: "create", input }, options.onPlan);
  step("starting");
  await startJail(conn, name);
  if (jail.packages.length) {
    step(`installing ${jail.packages.join(", ")}`);
    await installPackages(conn, name, jail.packages);
  }
  for (const file of jail.files(placement)) {
    step(`writing ${file.path}`);
    await writeJailFile(conn, { name, path: file.path, content: file.content, mode: file.mode ?? "0644" });
  }
  step(`restarting: init starts ${jail.service.name}`);
  await restartJail(conn, name);
  step("ready");
}

async function inPool<T>(items: T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.max(1, size) }, worker));
}

/** Checks and places the layout without changing anything: what is refused is refused here, at once. */
export async function placeLayout(conn: AgentConnection, options: LayoutOptions = {}): Promise<Placed[]> {
  return place(conn, options.prefix ?? "", options.sshPublicKey ?? null, options.dnsUpstream ?? null);
}

/** Builds placed jails. Every jail gets its turn: a failure is that jail's result, not the end of the others. */
export async function buildLayout(conn: AgentConnection, placed: Placed[], options: LayoutOptions = {}): Promise<LayoutJailResult[]> {
  const results = new Map<string, LayoutJailResult>();
  await inPool(placed, options.concurrency ?? 3, async (p) => {
    const { name, address } = p.placement;
    const result: LayoutJailResult = {
      name,
      role: p.jail.role,
      description: p.jail.description,
      address,
      service: p.jail.service,
      ok: true,
      error: null,
    };
    try {
      await build(conn, p, (s) => options.onStep?.(name, s), options);
    } catch (error) {
      Object.assign(result, { ok: false, error: error instanceof Error ? error.message : String(error) });
      options.onStep?.(name, `failed: ${result.error}`);
    }
    results.set(name, result);
  });
  return placed.map((p) => results.get(p.placement.name)!);
}

export async function applyLayout(conn: AgentConnection, options: LayoutOptions = {}): Promise<LayoutJailResult[]> {
  return buildLayout(conn, await placeLayout(conn, options), options);
}

/** Destroys the layout's jails: those with a layout name and the layout's tag, nothing else. */
export async function removeLayout(
  conn: AgentConnection,
  options: Pick<LayoutOptions, "prefix" | "onStep" | "onPlan"> = {},
): Promise<string[]> {
  const names = new Set(CLASSIC_LAYOUT.map((j) => layoutJailName(options.prefix ?? "", j.role)));
  const targets = (await fetchJails(conn)).filter((j) => names.has(j.name) && j.tags.includes(LAYOUT_TAG)).map((j) => j.name);
  for (const name of targets) {
    options.onStep?.(name, "destroying");
    await planThenApply(conn, { kind: "destroy", name }, options.onPlan);
  }
  return targets;
}
