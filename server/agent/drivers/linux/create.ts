import { AgentError, hostMountsSchema, isShareMount, mountRequestsSchema, type CreateJailInput, type HostMount } from "../../protocol";
import type { DriverPlan } from "../driver";
import type { LinuxContext } from "./context";
import { allocate, checkRequested } from "../shared/ip-pool";
import { containerNames, poolUsage } from "./jails";
import { jailConfigPath, renderJailConfig, vethPairName } from "./lxc-config";
import { allocateIdRange, isRangeFree, rangesInUse } from "./contain/id-ranges";
import { checkHostMounts, describeHostMount } from "./contain/host-mounts";
import { checkShare } from "./contain/shares";
import { checkReachableByJails } from "./contain/rootfs";
import { debianOverlay, mountOverlayArgv } from "./contain/shifted-debian";
import { checkParameters, isPrivilegedRequest } from "./parameters";
import { run, shownCommands, type LinuxExecution, type LinuxStep } from "./steps";
import { hostnameFor, type JailDefinition, type JailSecurity } from "./store";
import { debianBaseReady, debootstrapArgv } from "./debian-base";
import { busyboxCreateArgv, debianCopyArgv, idMapCreateConfig } from "./templates";

const TEMPLATES = ["busybox", "debian"];

async function refuseTakenName(ctx: LinuxContext, name: string): Promise<void> {
  if ((await containerNames(ctx)).includes(name) || (await ctx.store.get(name)) || ctx.creating.has(name)) {
    throw new AgentError("conflict", `A jail named ${name} already exists`, { field: "name", jail: name });
  }
}

/** Everything that can be refused is refused here, before any command runs. */
async function definitionFor(ctx: LinuxContext, input: CreateJailInput): Promise<{ def: JailDefinition; shares: string[] }> {
  if (!TEMPLATES.includes(input.template)) {
    throw new AgentError("not_found", `No template named ${input.template} (available: ${TEMPLATES.join(", ")})`, { field: "template" });
  }
  const parameters = checkParameters(input.parameters);
  await refuseTakenName(ctx, input.name);
  const security = await containment(ctx, input.template, isPrivilegedRequest(parameters));
  const { mounts, shares } = await resolveMounts(ctx, input.mounts);
  await checkHostMounts({ mounts, template: input.template, security }, ctx.protectedPaths, new Set(shares));
  const def: JailDefinition = {
    name: input.name,
    template: input.template,
    hostname: input.hostname ?? hostnameFor(input.name),
    ipv4: allocate(ctx.pool, await poolUsage(ctx), input.name, input.ipv4),
    vethPair: vethPairName(ctx.lxcPath, input.name),
    limits: { memoryBytes: null, maxProcesses: null, cpuPercent: null, ...input.limits },
    parameters,
    autostart: input.autostart ?? false,
    tags: input.tags ?? [],
    createdAt: 0,
    security,
    mounts,
  };
  return { def, shares: shares.map((m) => m.hostPath) };
}

/** Shares become the host paths the agent gives them; those it checked itself (they may not exist yet). */
async function resolveMounts(ctx: LinuxContext, requested: CreateJailInput["mounts"]) {
  const shares: HostMount[] = [];
  const mounts: HostMount[] = [];
  for (const mount of mountRequestsSchema.parse(requested ?? [])) {
    if (!isShareMount(mount)) {
      mounts.push(mount);
      continue;
    }
    const resolved = await checkShare(ctx.shareDir, mount, ctx.protectedPaths);
    shares.push(resolved);
    mounts.push(resolved);
  }
  // Checked, not replaced: `shares` are these very objects.
  hostMountsSchema.parse(mounts);
  return { mounts, shares };
}

export const recordedRanges = async (ctx: LinuxContext, except?: string) =>
  (await ctx.store.list()).flatMap((d) => (d.security.idRangeStart === null || d.name === except ? [] : [d.security.idRangeStart]));

/** Unprivileged unless the request asked otherwise. */
async function containment(ctx: LinuxContext, template: string, privileged: boolean): Promise<JailSecurity> {
  if (privileged) return { privileged: true, idRangeStart: null, rootfs: "lxc" };
  await checkReachableByJails(ctx.lxcPath);
  const idRangeStart = allocateIdRange(await recordedRanges(ctx), await rangesInUse());
  return { privileged: false, idRangeStart, rootfs: template === "debian" ? "shifted-overlay" : "lxc" };
}

/** The range the plan chose must still be free when it is applied. */
async function recheckIdRange(ctx: LinuxContext, def: JailDefinition): Promise<void> {
  const start = def.security.idRangeStart;
  if (start === null) return;
  if (!isRangeFree(start, await recordedRanges(ctx, def.name), await rangesInUse())) {
    throw new AgentError("conflict", `The id range ${start} was given to another jail`, { field: "security" });
  }
}

/** Under the pool lock at apply time: nobody took the name or the address since the plan. */
export async function recheckCreate(ctx: LinuxContext, def: JailDefinition): Promise<void> {
  try {
    await refuseTakenName(ctx, def.name);
    checkRequested(ctx.pool, await poolUsage(ctx), def.ipv4, def.name);
    await recheckIdRange(ctx, def);
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    throw new AgentError("stale_plan", `${error.message} since the plan was made: plan again.`, error.details);
  }
}

function busyboxSteps(ctx: LinuxContext, def: JailDefinition): LinuxStep[] {
  const { idRangeStart } = def.security;
  if (idRangeStart === null) {
    return [
      run(busyboxCreateArgv(ctx.templates, def.name), "make the container from the host's busybox", 120_000),
      { type: "install-busybox-init" },
    ];
  }
  const path = idMapCreateConfig(ctx.templates, def.name);
  return [
    { type: "write-idmap-config", path, idRangeStart },
    run(busyboxCreateArgv(ctx.templates, def.name, path), "make the container from the host's busybox, owned by the jail's ids", 120_000),
    { type: "remove-idmap-config", path },
    { type: "install-busybox-init" },
  ];
}

async function buildSteps(ctx: LinuxContext, def: JailDefinition): Promise<LinuxStep[]> {
  if (def.template === "busybox") return busyboxSteps(ctx, def);
  const base: LinuxStep[] = (await debianBaseReady(ctx.templates.templateDir))
    ? []
    : [{ type: "build-debian-base", argv: debootstrapArgv(ctx.templates.templateDir), why: "build the Debian base once (about a minute)" }];
  const { idRangeStart } = def.security;
  if (idRangeStart === null) {
    return [...base, run(debianCopyArgv(ctx.templates, def.name), "a thin overlay clone of the read-only Debian base", 120_000)];
  }
  return [
    ...base,
    { type: "prepare-shifted-overlay", idRangeStart },
    run(mountOverlayArgv(debianOverlay(ctx.templates, def.name)), "mount a thin overlay over the read-only Debian base", 60_000),
    { type: "shift-ids", idRangeStart },
  ];
}

/** The template writes its own lines (rootfs, mounts, ttys) first; Stockade's block follows. */
const templatePart = (template: string) => `# (the lines lxc-create's ${template} template writes: rootfs, mounts, consoles)\n`;

export async function planCreate(ctx: LinuxContext, input: CreateJailInput): Promise<DriverPlan> {
  const { def, shares } = await definitionFor(ctx, input);
  const steps: LinuxStep[] = [
    { type: "reserve" },
    ...shares.map((dir): LinuxStep => ({ type: "make-share", path: dir })),
    ...(await buildSteps(ctx, def)),
    { type: "write-config" },
  ];
  const execution: LinuxExecution = { kind: "create", name: def.name, after: def, configAfter: null, steps };
  return {
    shown: {
      kind: "create",
      jail: def.name,
      configPath: jailConfigPath(ctx.lxcPath, def.name),
      configBefore: null,
      configAfter: renderJailConfig(templatePart(def.template), def, ctx.config),
      commands: shownCommands(steps),
      effects: [{ field: "jail", when: "now" }],
      warnings: [
        ...(def.security.privileged
          ? ["Privileged jail: no user namespace, so root in the jail is root on the host. Its posture is marked high."]
          : []),
        ...shares.map((dir) => `Share ${dir}: made now with a README.txt and an index.html if it does not exist (it outlives the jail).`),
        ...def.mounts.map((m) => `Host path mounted at each start: ${describeHostMount(m)}.`),
      ],
    },
    revision: "",
    execution,
  };
}
