import { formatCpus } from "@/app/_components/figures";
import { formatBytes } from "@/app/_components/process-tree/format";
import type { Jail, Usage } from "@/server/agent/protocol";
import { LimitBar } from "./limit-bar";

const count = (value: number) => String(value);

/** Each limit with how close current usage is to it; limits not set say so. */
export function JailLimits({ jail, usage }: { jail: Jail; usage: Usage | null }) {
  if (!usage)
    return <p className="text-xs text-slate-500">No usage reported{jail.state === "running" ? " yet" : ": the jail is not running"}.</p>;
  return (
    <div className="flex flex-col gap-1.5">
      <LimitBar
        label="Memory"
        used={usage.memoryBytes}
        limit={usage.memoryLimitBytes ?? jail.limits.memoryBytes ?? null}
        format={formatBytes}
      />
      <LimitBar label="Processes" used={usage.processCount} limit={usage.processLimit ?? jail.limits.maxProcesses ?? null} format={count} />
      <LimitBar label="CPU" used={usage.cpuPercent} limit={jail.limits.cpuPercent ?? null} format={(percent) => formatCpus(percent)} />
    </div>
  );
}
