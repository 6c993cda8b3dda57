"use client";

import { useState } from "react";
import { buttonClass, Dialog } from "@/app/_components/dialog";
import { PlanPanel } from "@/app/_components/plan/plan-panel";
import { usePlanFlow } from "@/app/_components/plan/use-plan-flow";
import { useRefreshJails } from "./use-jail-permissions";

/** Destroying shows the agent's plan first and asks for the jail's name typed again. */
export function DestroyJail({ name, compact, onDestroyed }: { name: string; compact: boolean; onDestroyed?(): void }) {
  const refresh = useRefreshJails();
  const [open, setOpen] = useState(false);
  const flow = usePlanFlow(() => {
    setOpen(false);
    refresh();
    onDestroyed?.();
  });
  const close = () => {
    setOpen(false);
    flow.cancel();
  };
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          flow.start({ kind: "destroy", name });
        }}
        aria-label={compact ? `Destroy ${name}` : undefined}
        className={`${buttonClass.plain} border-red-300 text-red-700 dark:border-red-800 dark:text-red-300 ${compact ? "px-1.5 py-0.5 text-xs" : ""}`}
      >
        Destroy…
      </button>
      <Dialog title={`Destroy jail ${name}`} open={open} onClose={close}>
        <p className="text-sm">This stops {name} if it runs and deletes its files and configuration. It cannot be undone.</p>
        <PlanPanel flow={{ ...flow, cancel: close }} />
      </Dialog>
    </>
  );
}
