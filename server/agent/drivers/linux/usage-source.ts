import { AgentError, type Usage } from "../../protocol";
import * as procfs from "./procfs";

type UsageNumbers = Omit<Usage, "jail">;

/** The shape the procfs module promised for its usage readers (not all of it has landed yet). */
interface UsageReaders {
  readCgroupUsage(initPid: number, previous?: UsageNumbers): UsageNumbers | Promise<UsageNumbers>;
  readHostUsage(previous?: UsageNumbers): UsageNumbers | Promise<UsageNumbers>;
}

function usageReaders(): UsageReaders {
  const mod = procfs as unknown as Partial<UsageReaders>;
  if (typeof mod.readCgroupUsage !== "function" || typeof mod.readHostUsage !== "function") {
    throw new AgentError("unsupported", "Per-jail usage needs readCgroupUsage/readHostUsage from drivers/linux/procfs, which this build does not have yet");
  }
  return mod as UsageReaders;
}

export const createProcessReader = procfs.createProcessReader;

/** Keeps the previous reading per jail so CPU percent is measured between two calls. */
export class UsageSampler {
  private host: UsageNumbers | undefined;
  private readonly jails = new Map<number, UsageNumbers>();

  async hostUsage(): Promise<Usage> {
    this.host = await usageReaders().readHostUsage(this.host);
    return { jail: null, ...this.host };
  }

  async jail(name: string, initPid: number): Promise<Usage> {
    const numbers = await usageReaders().readCgroupUsage(initPid, this.jails.get(initPid));
    this.jails.set(initPid, numbers);
    return { ...numbers, jail: name };
  }

  forget(livePids: Set<number>): void {
    for (const pid of this.jails.keys()) if (!livePids.has(pid)) this.jails.delete(pid);
  }
}
