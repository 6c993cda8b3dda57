"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { buttonClass, Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";

/**
 * Revoking a host from the Hosts page: what `npm run stockade -- host revoke NAME` does, through
 * tRPC `hosts.revoke`, once the admin has typed the host's name (it cannot be undone but by
 * enrolling the host again).
 */
export function RevokeHost({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const revoke = useMutation(
    trpc.hosts.revoke.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void queryClient.invalidateQueries({ queryKey: trpc.hosts.list.queryKey() });
      },
    }),
  );
  const close = () => {
    setOpen(false);
    setTyped("");
    revoke.reset();
  };
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (typed === name) revoke.mutate({ name, confirmName: typed });
  }
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="mt-1 text-xs font-normal text-red-700 hover:underline dark:text-red-400"
      >
        Revoke {name}…
      </button>
      {revoke.data && (
        <p role="status" className="text-xs font-normal text-slate-600 dark:text-slate-400">
          {revoke.data.revoked ? `Revoked (serial ${revoke.data.serial})` : "Was already revoked"}
        </p>
      )}
      <Dialog title={`Revoke host ${name}`} open={open} onClose={close}>
        <form onSubmit={onSubmit} className="flex flex-col gap-3 text-sm font-normal">
          <p>
            {name}&apos;s agent certificate goes on the Stockade CA&apos;s revocation list: the web refuses it from its next check, and
            agents given the new crl.pem refuse it too. Its data is kept; it comes back only when enrolled again with{" "}
            <code>host add {name} ADDRESS --renew</code>.
          </p>
          <label className="flex flex-col gap-1">
            Type the host&apos;s name, {name}, to confirm
            <input
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              autoComplete="off"
              className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950"
            />
          </label>
          <FormError error={revoke.error} />
          <div className="flex justify-end gap-2">
            <button type="button" onClick={close} className={buttonClass.plain}>
              Cancel
            </button>
            <button type="submit" disabled={typed !== name || revoke.isPending} className={buttonClass.danger}>
              {revoke.isPending ? "Revoking…" : `Revoke ${name}`}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
