"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { buttonClass, Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";
import { useRefreshJails } from "./use-jail-permissions";

/** Destroying cannot be undone: the dialog asks for the jail's name typed again. */
export function DestroyJail({ name, compact, onDestroyed }: { name: string; compact: boolean; onDestroyed?(): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshJails();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const destroy = useMutation(
    trpc.jails.destroy.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        refresh();
        onDestroyed?.();
      },
    }),
  );
  const close = () => {
    setOpen(false);
    setTyped("");
    destroy.reset();
  };
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={compact ? `Destroy ${name}` : undefined}
        className={`${buttonClass.plain} border-red-300 text-red-700 dark:border-red-800 dark:text-red-300 ${compact ? "px-2 py-0.5 text-xs" : ""}`}
      >
        Destroy…
      </button>
      <Dialog title={`Destroy jail ${name}`} open={open} onClose={close}>
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            destroy.mutate({ name, confirmName: typed });
          }}
        >
          <p className="text-sm">
            This stops {name} if it runs and deletes its files and configuration. It cannot be undone. Type <strong>{name}</strong> to
            confirm.
          </p>
          <label className="flex flex-col gap-1 text-sm">
            Jail name
            <input
              autoFocus
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              spellCheck={false}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <FormError error={destroy.error} />
          <div className="flex justify-end gap-2">
            <button type="button" onClick={close} className={buttonClass.plain}>
              Cancel
            </button>
            <button type="submit" disabled={typed !== name || destroy.isPending} className={buttonClass.danger}>
              {destroy.isPending ? "Destroying…" : `Destroy ${name}`}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
