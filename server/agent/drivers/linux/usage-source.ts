import type { Usage } from "../../protocol";
import { createUsageReader, type JailRef, type UsageState } from "./procfs";

export { createProcessReader } from "./procfs";

/** Keeps the previous reading per jail so CPU percent is measured between two calls. */
export class UsageSampler {
  private readonly reader = createUsageReader();
  private host: UsageState | undefined;
  private readonly jails = new Map<number, UsageState>();

  async hostUsage(): Promise<Usage> {
    const reading = await this.reader.readHostUsage(this.host);
    this.host = reading.state;
    return reading.usage;
  }

  async jail(jail: JailRef): Promise<Usage> {
    const reading = await this.reader.readJailUsage(jail, this.jails.get(jail.initPid));
    this.jails.set(jail.initPid, reading.state);
    return reading.usage;
  }

  forget(livePids: Set<number>): void {
    for (const pid of this.jails.keys()) if (!livePids.has(pid)) this.jails.delete(pid);
  }
}
