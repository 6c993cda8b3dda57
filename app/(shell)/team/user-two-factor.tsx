"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";

/** Whether the user signs in with a second factor, and the admin's switch to require it. */
export function UserTwoFactor({ username, enabled, required }: { username: string; enabled: boolean; required: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toggle = useMutation(
    trpc.team.setTwoFactorRequired.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.team.list.queryKey() }),
    }),
  );
  return (
    <div className="py-2 text-xs">
      <span>{enabled ? "two-factor on" : required ? "two-factor required, not set up" : "no two-factor"}</span>{" "}
      <label className="ml-1">
        <input
          type="checkbox"
          checked={required}
          disabled={toggle.isPending}
          onChange={(event) => toggle.mutate({ username, required: event.target.checked })}
        />{" "}
        require
      </label>
      <FormError error={toggle.error} />
    </div>
  );
}
