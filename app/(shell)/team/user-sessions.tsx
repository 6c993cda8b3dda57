"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { SessionsTable } from "@/app/_components/sessions-table";
import { useTRPC } from "@/app/_trpc/client";

/** An admin's view of one user's sessions, opened on demand; each can be ended. */
export function UserSessions({ username }: { username: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const sessions = useQuery({ ...trpc.team.sessions.queryOptions({ username }), enabled: open });
  const end = useMutation(
    trpc.team.endSession.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.team.sessions.queryKey({ username }) }),
    }),
  );
  return (
    <div className="py-2">
      <button type="button" onClick={() => setOpen((value) => !value)} className="text-xs text-sky-700 underline dark:text-sky-400">
        {open ? `Hide ${username}'s sessions` : `${username}'s sessions`}
      </button>
      {open && sessions.data && (
        <SessionsTable sessions={sessions.data} pending={end.isPending} onEnd={(id) => end.mutate({ username, id })} />
      )}
      <FormError error={end.error} />
    </div>
  );
}
