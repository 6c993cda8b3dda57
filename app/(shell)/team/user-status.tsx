"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";

/** Active or disabled, and the button to switch; disabling ends the user's sessions, sockets and consoles. */
export function UserStatus({ username, disabled }: { username: string; disabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toggle = useMutation(
    trpc.team.setDisabled.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() }) }),
  );
  return (
    <div className="py-2">
      <span>{disabled ? "disabled" : "active"}</span>{" "}
      <button
        type="button"
        disabled={toggle.isPending}
        onClick={() => toggle.mutate({ username, disabled: !disabled })}
        className="ml-1 rounded-md border border-slate-300 px-2 py-0.5 text-xs dark:border-slate-700"
      >
        {disabled ? `Enable ${username}` : `Disable ${username}`}
      </button>
      <FormError error={toggle.error} />
    </div>
  );
}
