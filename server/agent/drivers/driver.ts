import type {
  AgentEvent,
  ChangeJailInput,
  ChangeResult,
  CreateJailInput,
  DriverHostInfo,
  InstallPackagesResult,
  Jail,
  NetworkInfo,
  Plan,
  PlanRequest,
  ProcessSnapshot,
  SignalProcessInput,
  Template,
  UsageReport,
} from "../protocol";

export type ProgressReporter = (message: string, fraction: number | null) => void;
/** A tool's output as it prints it (lines, each ending in a newline). */
export type OutputSink = (data: string) => void;

export interface PtySize {
  cols: number;
  rows: number;
}

/** A terminal opened inside a jail. Bytes both ways: a UTF-8 character may be split across two reads. */
export interface PtySession {
  readonly pid: number;
  write(data: Uint8Array): void;
  resize(size: PtySize): void;
  onData(listener: (data: Buffer) => void): () => void;
  onExit(listener: (exitCode: number) => void): () => void;
  /** Stops reading the PTY (flow control): the program inside blocks on a full PTY buffer. */
  pause(): void;
  resume(): void;
  close(): void;
}

/** A plan as a driver computes it, before the agent gives it an id. */
export interface DriverPlan {
  /** What the caller is shown: the config before and after, every command in order, effects. */
  shown: Omit<Plan, "id" | "createdAt">;
  /**
   * State the plan was computed from that `shown` does not carry (the stored definition, the
   * jail's state); a re-plan with a different revision makes the plan stale.
   */
  revision: string;
  /** The driver's executable form of `shown`; only the driver that made it reads it. */
  readonly execution: unknown;
}

export interface ApplyOptions {
  progress: ProgressReporter;
  /**
   * Called inside the driver's critical section (its address lock) before anything runs;
   * throws stale_plan when the jail moved since the plan was made.
   */
  verify?: () => Promise<void>;
}

/**
 * What the agent needs from an OS. Implementations validate nothing that the agent's
 * method layer already validated with the protocol schemas, but they must never pass a
 * value to a command except as one element of an argument array.
 */
export interface JailDriver {
  readonly kind: "linux" | "freebsd";
  hostInfo(): Promise<DriverHostInfo>;
  listTemplates(): Promise<Template[]>;
  listJails(): Promise<Jail[]>;
  createJail(input: CreateJailInput, progress: ProgressReporter): Promise<Jail>;
  startJail(name: string): Promise<Jail>;
  /** Graceful stop, killing what is left after timeoutSeconds. */
  stopJail(name: string, timeoutSeconds: number): Promise<Jail>;
  restartJail(name: string, timeoutSeconds: number): Promise<Jail>;
  destroyJail(name: string): Promise<void>;
  changeJail(input: ChangeJailInput): Promise<ChangeResult>;
  /** Computes a create, change or destroy: validates everything, reads state, changes nothing. */
  plan(request: PlanRequest): Promise<DriverPlan>;
  /** Runs exactly the plan's steps; the jail afterwards, null after a destroy. */
  apply(plan: DriverPlan, options: ApplyOptions): Promise<Jail | null>;
  processSnapshot(): Promise<ProcessSnapshot>;
  /** Signals one process after checking it is still the one the caller saw (checkSignalTarget). */
  signalProcess(input: SignalProcessInput): Promise<void>;
  usage(): Promise<UsageReport>;
  network(): Promise<NetworkInfo>;
  openPty(name: string, size: PtySize): Promise<PtySession>;
  /** Installs packages into a running jail from the host's package sources (the jail has no route out). */
  installPackages(name: string, packages: string[], progress: ProgressReporter): Promise<InstallPackagesResult>;
  /** Writes a file from inside a running jail (so the jail's own links cannot redirect it onto the host). */
  writeJailFile(name: string, file: string, content: string, mode: string): Promise<number>;
  subscribe(listener: (event: AgentEvent) => void): () => void;
  close(): Promise<void>;
}
