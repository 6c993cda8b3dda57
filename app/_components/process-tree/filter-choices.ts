/**
 * The jails and users the tree's filters offer, kept as counts across live updates: a delta
 * changes a few processes, so the lists cost what changed rather than a pass over thousands.
 */
import type { ProcessInfo } from "@/server/agent/protocol";
import { changesBetween } from "@/shared/process-delta";

export interface Choices {
  /** Sorted and joined by "\n", so an unchanged list is an equal string. */
  jails: string;
  users: string;
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const count = (counts.get(key) ?? 0) + by;
  if (count > 0) counts.set(key, count);
  else counts.delete(key);
}

const joined = (counts: Map<string, number>) => [...counts.keys()].sort().join("\n");

export class FilterChoices {
  private processes: readonly ProcessInfo[] = [];
  private jail: string | undefined = undefined;
  private readonly jails = new Map<string, number>();
  private readonly users = new Map<string, number>();

  /** The choices for `processes` (only `jail`'s, when given). */
  update(processes: readonly ProcessInfo[], jail: string | undefined): Choices {
    if (jail !== this.jail) {
      this.jail = jail;
      this.processes = [];
      this.jails.clear();
      this.users.clear();
    }
    const { added, changed, removed } = changesBetween(this.processes, processes);
    this.processes = processes;
    for (const process of added) this.count(process, 1);
    for (const [before, after] of changed) {
      this.count(before, -1);
      this.count(after, 1);
    }
    for (const process of removed) this.count(process, -1);
    return { jails: joined(this.jails), users: joined(this.users) };
  }

  private count(process: ProcessInfo, by: number): void {
    if (this.jail !== undefined && process.jail !== this.jail) return;
    bump(this.users, process.user, by);
    if (process.jail !== null) bump(this.jails, process.jail, by);
  }
}
