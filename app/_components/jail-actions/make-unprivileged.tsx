"use client";

import { useState } from "react";
import { buttonClass, Dialog } from "@/app/_components/dialog";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import type { Jail } from "@/server/agent/protocol";
import { useJailPermissions, useRefreshJails } from "./use-jail-permissions";

/** For a privileged Linux jail Stockade made: the agent's migration plan, shown, then applied as shown. */
export function MakeUnprivileged({ jail }: { jail: Jail }) {
  const { onHost } = useJailPermissions();
  const refresh = useRefreshJails();
  const [open, setOpen] = useState(false);
  const flow = usePlanFlow(() => {
    setOpen(false);
    refresh();
  });
  if (jail.parameters.privileged !== true || jail.adopted || !onHost("jails.manage")) return null;
  const close = () => {
    setOpen(false);
    flow.cancel();
  };
  return (
    <>
      <button
        type="button"
        className={buttonClass.plain}
        onClick={() => {
          setOpen(true);
          flow.start({ kind: "unprivilege", name: jail.name });
        }}
      >
        Make unprivileged…
      </button>
      <Dialog title={`Make ${jail.name} unprivileged`} open={open} onClose={close}>
        <p className="text-sm">
          {jail.name} runs without a user namespace: its root is the host&apos;s root. The plan gives it a range of host ids of its own and
          its files to them, stopping and starting it again if it runs.
        </p>
        <PlanPanel flow={{ ...flow, cancel: close }} />
      </Dialog>
    </>
  );
}
