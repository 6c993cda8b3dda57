import { settle, type RunOptions, type RunResult, type Runner } from "./runner";

export interface RunCall {
  kind: "run";
  argv: string[];
}

export type RecordedOutput = Partial<RunResult> | ((argv: string[]) => Partial<RunResult>);

/** Keys a command by its argv, with a character that never occurs in an argument. */
export function argvKey(argv: readonly string[]): string {
  return argv.join("\u0000");
}

/**
 * A scripted runner for tests: outputs are keyed by exact argv and every call is recorded in
 * order. An unscripted command fails loudly so a test never passes on a command it did not
 * expect. Exit codes go through the same policy as the real runner's.
 */
export class RecordingRunner<Call extends { kind: string } = RunCall> implements Runner {
  readonly calls: Array<RunCall | Call> = [];
  private readonly outputs = new Map<string, RecordedOutput>();

  constructor(outputs: Array<[string[], RecordedOutput]> = []) {
    for (const [argv, output] of outputs) this.on(argv, output);
  }

  on(argv: string[], output: RecordedOutput): this {
    this.outputs.set(argvKey(argv), output);
    return this;
  }

  /** The argv of every command run, in order. */
  get commands(): string[][] {
    return this.calls.flatMap((call) => (call.kind === "run" ? [(call as RunCall).argv] : []));
  }

  async run(argv: readonly string[], options?: RunOptions): Promise<RunResult> {
    this.calls.push({ kind: "run", argv: [...argv] });
    const output = this.outputs.get(argvKey(argv));
    if (output === undefined) throw new Error(`RecordingRunner: unexpected command ${JSON.stringify(argv)}`);
    const result = typeof output === "function" ? output([...argv]) : output;
    // As the real runner streams them: each non-blank line of stdout, then of stderr.
    if (options?.onLine)
      for (const line of `${result.stdout ?? ""}\n${result.stderr ?? ""}`.split("\n")) if (line.trim()) options.onLine(line);
    return settle(argv, { exitCode: result.exitCode ?? 0, stdout: result.stdout ?? "", stderr: result.stderr ?? "" }, options);
  }
}
