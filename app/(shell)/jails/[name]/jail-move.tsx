"use client";

import { buttonClass } from "@/app/_components/dialog";
import { useJailPermissions, useRefreshJails } from "@/app/_components/jail-actions/use-jail-permissions";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import type { Jail } from "@/server/agent/protocol";

/**
 * An adopted FreeBSD jail that shares a file with other jails (often /etc/jail.conf) can move
 * to a file of its own; the plan shows both files before anything is written.
 */
export function MoveToOwnFile({ jail }: { jail: Jail }) {
  const { onJail } = useJailPermissions();
  const flow = usePlanFlow(useRefreshJails());
  const shared = jail.adopted && jail.configFile !== undefined && !jail.managedBy && !jail.configFile.endsWith(`/${jail.name}.conf`);
  if (!shared || !onJail(jail.name, "jails.manage")) return null;
  return (
    <div className="flex flex-col gap-2">
      <div>
        <button type="button" className={buttonClass.plain} onClick={() => flow.start({ kind: "move", name: jail.name })}>
          Move to its own jail.conf.d file
        </button>
      </div>
      <PlanPanel flow={flow} />
    </div>
  );
}
