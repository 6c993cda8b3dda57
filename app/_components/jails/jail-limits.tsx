import type { Jail, Usage } from "@/server/agent/protocol";
import { LimitBar } from "./limit-bar";
import { jailLimitRows, unsetLimitsText } from "./limit-rows";

/** Each limit set with how close usage is to it; the limits not set share one line (usage is shown elsewhere). */
export function JailLimits({ jail, usage }: { jail: Jail; usage: Usage | null }) {
  if (!usage)
    return <p className="text-xs text-slate-500">No usage reported{jail.state === "running" ? " yet" : ": the jail is not running"}.</p>;
  const rows = jailLimitRows(jail.limits, usage);
  const unset = unsetLimitsText(rows);
  return (
    <div className="flex flex-col gap-1.5">
      {rows.set.map((row) => (
        <LimitBar key={row.label} {...row} />
      ))}
      {unset && <p className="text-xs text-slate-500">{unset}</p>}
    </div>
  );
}
