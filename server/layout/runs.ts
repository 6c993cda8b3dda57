import { randomBytes } from "node:crypto";
import { AgentError } from "@/server/agent/protocol";
import type { LayoutJailResult } from "./apply";

export interface LayoutStep {
  jail: string;
  step: string;
  at: number;
}

/** One build of the example layout as the page polls it: each jail's steps as they happen, then the results. */
export interface LayoutRun {
  id: string;
  startedBy: string;
  startedAt: number;
  steps: LayoutStep[];
  results: LayoutJailResult[] | null;
  error: string | null;
  done: boolean;
}

const KEEP_MS = 60 * 60_000;
const MAX_STEPS = 500;

/**
 * Layout builds in progress and recently finished, in the web server's memory: a build takes
 * minutes, longer than a request should. One at a time: two would race for the same addresses.
 */
export class LayoutRuns {
  private readonly runs = new Map<string, LayoutRun>();

  constructor(private readonly now: () => number = Date.now) {}

  start(startedBy: string, build: (onStep: (jail: string, step: string) => void, id: string) => Promise<LayoutJailResult[]>): LayoutRun {
    this.sweep();
    if ([...this.runs.values()].some((r) => !r.done)) {
      throw new AgentError("conflict", "The example layout is being created already: wait for it to finish");
    }
    const run: LayoutRun = {
      id: randomBytes(8).toString("hex"),
      startedBy,
      startedAt: this.now(),
      steps: [],
      results: null,
      error: null,
      done: false,
    };
    this.runs.set(run.id, run);
    const onStep = (jail: string, step: string) => {
      if (run.steps.length < MAX_STEPS) run.steps.push({ jail, step, at: this.now() });
    };
    void build(onStep, run.id).then(
      (results) => Object.assign(run, { results, done: true }),
      (error: unknown) => Object.assign(run, { error: error instanceof Error ? error.message : String(error), done: true }),
    );
    return run;
  }

  get(id: string): LayoutRun {
    const run = this.runs.get(id);
    if (!run) throw new AgentError("not_found", `No layout build ${id} (finished builds are kept for an hour)`);
    return run;
  }

  private sweep(): void {
    for (const [id, run] of this.runs) if (run.done && run.startedAt + KEEP_MS < this.now()) this.runs.delete(id);
  }
}
