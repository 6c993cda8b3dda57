import { access, chmod, mkdir, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { AgentError } from "../../protocol";
import type { AgentEvent, NetworkInfo, PlanRequest, ProcessSnapshot, SignalProcessInput, UsageReport } from "../../protocol";
import { KeyedQueue } from "../../lib/keyed-queue";
import type { ApplyOptions, DriverPlan, JailDriver, ProgressReporter, PtySize } from "../driver";
import { planDriven } from "../plan-driven";
import { applyExecution } from "./apply";
import { planChange } from "./change";
import { acceptedConfigEdits } from "./accept-config";
import { sendSignal } from "./signal";
import type { LinuxContext } from "./context";
import { planCreate } from "./create";
import { planDestroy } from "./destroy";
import { planUnprivilege } from "./unprivilege";
import { linuxHostInfo } from "./host";
import { describePool, inPool, parsePool, type Pool } from "../shared/ip-pool";
import { getJail, listJails, lxcEntries, poolUsage, refuseUnmanaged, requireRunning, runningJails } from "./jails";
import { planAdopt } from "./adopt";
import { reconcilingLimits } from "./drift";
import { linuxJournal } from "./journal";
import { Lxc } from "./lxc";
import { lxcPathFor, lxcPathOf } from "./lxc-path";
import type { CgroupVersion } from "./lxc-config";
import { mountRootfs, unmountRootfs } from "./contain/rootfs";
import { watchForShutdownDone } from "./contain/shutdown-done";
import { Monitor } from "./monitor";
import { ensureBridge, listInterfaces } from "./network";
import { writeJailFile } from "./jail-files";
import { installPackages } from "./packages";
import { fileSize, followFile, removeFile } from "./console-output";
import { recoverOperations } from "./recover";
import type { LinuxExecution } from "./steps";
import { createHandedPtySpawner } from "./handed-pty";
import { openJailPtyPair } from "./jail-devpts";
import { createRunner, type Runner } from "../shared/runner";
import { DefinitionStore } from "./store";
import { listTemplates } from "./templates";
import { createProcessReader, UsageSampler } from "./usage-source";

export interface LinuxDriverOptions {
  lxcPath: string;
  stateDir: string;
  templateDir: string;
  /** The agent's shares (contain/shares.ts), made when a jail first mounts one. */
  shareDir: string;
  bridge: string;
  pool: string;
  /** Directories of the agent's own besides these (its socket's): never mounted into a jail. */
  protectedPaths?: readonly string[];
  log: Logger;
  runner?: Runner;
  pollIntervalMs?: number;
}

const CGROUP2_SUPER_MAGIC = 0x63677270;

export async function detectCgroupVersion(): Promise<CgroupVersion> {
  return (await statfs("/sys/fs/cgroup")).type === CGROUP2_SUPER_MAGIC ? 2 : 1;
}

async function buildContext(options: LinuxDriverOptions, emit: (event: AgentEvent) => void): Promise<LinuxContext> {
  const runner = options.runner ?? createRunner((r) => options.log.debug({ command: r.argv }, "run"));
  await Promise.all([options.lxcPath, options.stateDir, options.templateDir].map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  // Unprivileged jails' root ids pass through (never list) the LXC path to reach their own directories.
  await chmod(options.lxcPath, 0o711);
  const createConfig = path.join(options.stateDir, "lxc-create.conf");
  await writeFile(createConfig, "# lxc-create without /etc/lxc/default.conf: Stockade writes the network itself\n");
  const store = new DefinitionStore(options.stateDir, options.log);
  await store.init();
  const defaultPath = { lxcPath: options.lxcPath };
  const journal = linuxJournal(options.stateDir);
  await journal.init();
  const pool = parsePool(options.pool);
  const cgroupVersion = await detectCgroupVersion();
  const appArmor = await access("/sys/kernel/security/apparmor").then(
    () => true,
    () => false,
  );
  return {
    runner,
    lxc: new Lxc(runner, options.lxcPath, async (name) => lxcPathFor(defaultPath, await store.get(name))),
    store,
    journal,
    creating: new Set(),
    pool,
    bridge: options.bridge,
    lxcPath: options.lxcPath,
    shareDir: path.resolve(options.shareDir),
    protectedPaths: [options.lxcPath, options.stateDir, options.templateDir, ...(options.protectedPaths ?? [])].map((p) => path.resolve(p)),
    cgroupVersion,
    config: { bridge: options.bridge, pool, cgroupVersion, appArmor },
    templates: {
      runner,
      lxcPath: options.lxcPath,
      templateDir: options.templateDir,
      createConfig,
      mountinfo: "/proc/self/mountinfo",
      emit,
    },
    log: options.log,
  };
}

export async function createLinuxDriver(options: LinuxDriverOptions): Promise<JailDriver> {
  // Nobody can subscribe before the driver is returned, so nothing is lost before the monitor exists.
  const late: { monitor?: Monitor } = {};
  const ctx = await buildContext(options, (event) => late.monitor?.emit(event));
  await ensureBridge(ctx.runner, ctx.bridge, ctx.pool);
  await recoverOperations(ctx);
  const entries = async () => [...(await lxcEntries(ctx, await ctx.store.list())).values()];
  const monitor = (late.monitor = new Monitor(entries, ctx.cgroupVersion, ctx.log, options.pollIntervalMs));
  monitor.start();
  return new LinuxDriver(ctx, monitor);
}

/** A jail's address as the jail sees it: on its eth0, with the pool's prefix when it is a pool address. */
function jailAddress(pool: Pool, jail: string, address: string) {
  return {
    jail,
    family: "inet" as const,
    address,
    interface: "eth0",
    ...(inPool(pool, address) ? { prefixLength: pool.prefixLength } : {}),
  };
}

/**
 * A login shell under the jail's /bin/sh (busybox and Debian both have one) on the PTY the agent
 * opened from the jail's own devpts and handed in as fd 3: setsid makes it the shell's controlling
 * terminal (-c), so job control, ^C and window sizes work, and lxc-attach, whose own stdio is no
 * terminal, copies nothing.
 */
export const JAIL_SHELL = ["/bin/sh", "-c", "exec setsid -c /bin/sh -l <&3 >&3 2>&3 3>&-"];

class LinuxDriver implements JailDriver {
  readonly kind = "linux" as const;
  private readonly poolLock = new KeyedQueue();
  private readonly spawnPty = createHandedPtySpawner();
  private readonly processes = createProcessReader();
  private readonly usageSampler = new UsageSampler();

  constructor(
    private readonly ctx: LinuxContext,
    private readonly monitor: Monitor,
  ) {}

  private readonly reserveLock = <T>(task: () => Promise<T>) => this.poolLock.run("pool", task);

  hostInfo = () => linuxHostInfo(this.ctx.lxcPath);
  listTemplates = () => listTemplates(this.ctx.templates);
  listJails = () => listJails(this.ctx);

  plan(request: PlanRequest): Promise<DriverPlan> {
    if (request.kind === "create") return planCreate(this.ctx, request.input);
    if (request.kind === "change") return planChange(this.ctx, request.input);
    if (request.kind === "destroy") return planDestroy(this.ctx, request.name);
    if (request.kind === "adopt") return planAdopt(this.ctx, request.name, request.lxcPath);
    if (request.kind === "unprivilege") return planUnprivilege(this.ctx, request.name);
    if (request.kind === "reconcile") return this.planReconcile(request.name, request.keep);
    return Promise.reject(new AgentError("unsupported", "A Linux jail's config is its own file already: there is nothing to move"));
  }

  /**
   * Through the change plan, which renders Stockade's whole block again from the definition:
   * reverting undoes a hand edit and sets the definition's limits live again; accepting takes
   * the edited values into the definition (accept-config.ts) and writes the running limits down.
   */
  private async planReconcile(name: string, keep: "definition" | "running") {
    const [jail, def] = await Promise.all([getJail(this.ctx, name), this.ctx.store.get(name)]);
    const drift = jail.drift ?? [];
    if (!def || drift.length === 0) throw new AgentError("conflict", `${name} runs as its definition says: there is nothing to reconcile`);
    const limits = reconcilingLimits(def, drift, keep);
    if (keep === "definition") return planChange(this.ctx, { name, limits });
    const edits = acceptedConfigEdits(name, drift);
    return planChange(this.ctx, { name, ...edits, limits: { ...edits.limits, ...limits } });
  }

  apply = (plan: DriverPlan, options: ApplyOptions) =>
    applyExecution(this.ctx, plan.execution as LinuxExecution, options, this.reserveLock).finally(() => this.ctx.lxc.changed());
  private readonly viaPlans = planDriven(this);
  createJail = this.viaPlans.createJail;
  changeJail = this.viaPlans.changeJail;
  destroyJail = this.viaPlans.destroyJail;

  /** Beside the container's config, in whichever LXC path it lives. */
  private readonly jailFile = async (name: string, file: "stockade-console.log" | "stockade-start.log") =>
    path.join(await lxcPathOf(this.ctx, name), name, file);

  private follow(consoleLog: string, name: string, phase: "start" | "stop", offset: number, also?: (data: string) => void) {
    // The console is a terminal: lines end in CR LF.
    const emit = (data: string) => {
      this.monitor.emit({ type: "jail.output", jail: name, phase, data: data.replace(/\r\n/g, "\n"), at: Date.now() });
      also?.(data);
    };
    return followFile(consoleLog, offset, emit);
  }

  /** The boot output goes on after LXC says RUNNING: it is followed until init falls quiet (at most 15 s). */
  async startJail(name: string) {
    const jail = await getJail(this.ctx, name);
    refuseUnmanaged(jail);
    if (jail.state === "running") return jail;
    await ensureBridge(this.ctx.runner, this.ctx.bridge, this.ctx.pool);
    await mountRootfs(this.ctx, await this.ctx.store.get(name));
    const consoleLog = await this.jailFile(name, "stockade-console.log");
    await removeFile(consoleLog);
    const output = this.follow(consoleLog, name, "start", 0);
    try {
      await this.ctx.lxc.start(name, await this.jailFile(name, "stockade-start.log"), consoleLog);
    } catch (error) {
      await output.stop();
      throw error;
    } finally {
      this.ctx.lxc.changed();
    }
    void output.stopWhenQuiet(2000, 15_000);
    return this.observed(name);
  }

  async stopJail(name: string, timeoutSeconds: number) {
    const jail = await getJail(this.ctx, name);
    refuseUnmanaged(jail);
    if (jail.state === "stopped") return jail;
    // Without sys_boot the jail's init cannot end itself: it says when its shutdown is done, and is ended then.
    const endWhenDone = watchForShutdownDone(() => void this.ctx.lxc.kill(name));
    const consoleLog = await this.jailFile(name, "stockade-console.log");
    const output = this.follow(consoleLog, name, "stop", await fileSize(consoleLog), endWhenDone);
    try {
      await this.ctx.lxc.stop(name, timeoutSeconds);
    } finally {
      this.ctx.lxc.changed();
      await output.stop();
    }
    await unmountRootfs(this.ctx, await this.ctx.store.get(name));
    return this.observed(name);
  }

  /** After a start or stop (whose lxc commands end with lxc.changed()), its state read afresh. */
  private async observed(name: string) {
    const jail = await getJail(this.ctx, name);
    this.monitor.observe(name, jail.state);
    return jail;
  }

  async restartJail(name: string, timeoutSeconds: number) {
    await this.stopJail(name, timeoutSeconds);
    return this.startJail(name);
  }

  installPackages = (name: string, packages: string[], progress: ProgressReporter) =>
    installPackages(this.ctx, name, packages, progress, (data) =>
      this.monitor.emit({ type: "jail.output", jail: name, phase: "packages", data, at: Date.now() }),
    );
  writeJailFile = (name: string, file: string, content: string, mode: string) => writeJailFile(this.ctx, name, file, content, mode);

  async openPty(name: string, size: PtySize) {
    const { initPid } = await requireRunning(this.ctx, name);
    this.ctx.log.info({ jail: name }, "pty opened");
    const env = { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", TERM: "xterm-256color" };
    const args = await this.ctx.lxc.attachArgs(name, JAIL_SHELL);
    return this.spawnPty("lxc-attach", args, size, env, () => openJailPtyPair(initPid, name));
  }

  async processSnapshot(): Promise<ProcessSnapshot> {
    return this.processes.snapshot(await runningJails(this.ctx));
  }

  async signalProcess(input: SignalProcessInput) {
    sendSignal(await this.processSnapshot(), input);
  }

  async usage(): Promise<UsageReport> {
    const running = await runningJails(this.ctx);
    this.usageSampler.forget(new Set(running.map((j) => j.initPid)));
    const [host, ...jails] = await Promise.all([this.usageSampler.hostUsage(), ...running.map((j) => this.usageSampler.jail(j))]);
    return { takenAt: Date.now(), host: host!, jails };
  }

  async network(): Promise<NetworkInfo> {
    const [interfaces, jails, definitions, usage] = await Promise.all([
      listInterfaces(this.ctx.runner),
      listJails(this.ctx),
      this.ctx.store.list(),
      poolUsage(this.ctx),
    ]);
    const vethOwner = new Map(definitions.map((d) => [d.vethPair, d.name]));
    const { pool } = this.ctx;
    return {
      interfaces: interfaces.map((i) => ({ ...i, jail: vethOwner.get(i.name.split("@")[0]!) ?? null })),
      pools: [describePool(pool, this.ctx.bridge, usage)],
      jailAddresses: jails.flatMap((j) => j.ipv4.map((address) => jailAddress(pool, j.name, address))),
    };
  }

  subscribe(listener: (event: AgentEvent) => void) {
    return this.monitor.subscribe(listener);
  }

  async close() {
    this.monitor.stop();
  }
}
