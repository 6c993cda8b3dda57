import type {
  AgentEvent,
  ChangeJailInput,
  ChangeResult,
  CreateJailInput,
  HostInfo,
  InstallPackagesResult,
  Jail,
  NetworkInfo,
  ProcessSnapshot,
  SignalProcessInput,
  Template,
  UsageReport,
} from "../protocol";

export type ProgressReporter = (message: string, fraction: number | null) => void;

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

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * What the agent needs from an OS. Implementations validate nothing that the agent's
 * method layer already validated with the protocol schemas, but they must never pass a
 * value to a command except as one element of an argument array.
 */
export interface JailDriver {
  readonly kind: "linux" | "freebsd";
  hostInfo(): Promise<HostInfo>;
  listTemplates(): Promise<Template[]>;
  listJails(): Promise<Jail[]>;
  createJail(input: CreateJailInput, progress: ProgressReporter): Promise<Jail>;
  startJail(name: string): Promise<Jail>;
  /** Graceful stop, killing what is left after timeoutSeconds. */
  stopJail(name: string, timeoutSeconds: number): Promise<Jail>;
  restartJail(name: string, timeoutSeconds: number): Promise<Jail>;
  destroyJail(name: string): Promise<void>;
  changeJail(input: ChangeJailInput): Promise<ChangeResult>;
  processSnapshot(): Promise<ProcessSnapshot>;
  /** Signals one process after checking it is still the one the caller saw (checkSignalTarget). */
  signalProcess(input: SignalProcessInput): Promise<void>;
  usage(): Promise<UsageReport>;
  network(): Promise<NetworkInfo>;
  /** Runs a program inside a running jail (argument array, no shell). */
  execInJail(name: string, argv: string[], timeoutSeconds: number): Promise<ExecResult>;
  openPty(name: string, size: PtySize): Promise<PtySession>;
  /** Installs packages into a running jail from the host's package sources (the jail has no route out). */
  installPackages(name: string, packages: string[], progress: ProgressReporter): Promise<InstallPackagesResult>;
  /** Writes a file from inside a running jail (so the jail's own links cannot redirect it onto the host). */
  writeJailFile(name: string, file: string, content: string, mode: string): Promise<number>;
  subscribe(listener: (event: AgentEvent) => void): () => void;
  close(): Promise<void>;
}
