"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FormError } from "@/app/_components/forms/form-error";
import { QueryState } from "@/app/_components/query-state";
import { SessionsTable } from "@/app/_components/sessions-table";
import { useTRPC } from "@/app/_trpc/client";

export function OwnSessions() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.session.sessions.queryOptions());
  const end = useMutation(
    trpc.session.endSession.mutationOptions({
      onSuccess: (_result, input) => {
        if (sessions.data?.find((session) => session.id === input.id)?.current) return router.replace("/login");
        void queryClient.invalidateQueries({ queryKey: trpc.session.sessions.queryKey() });
      },
    }),
  );
  return (
    <section className="mb-8">
      <h2 className="mb-2 text-lg font-semibold">Your sessions</h2>
      {sessions.data ? (
        <SessionsTable sessions={sessions.data} pending={end.isPending} onEnd={(id) => end.mutate({ id })} />
      ) : (
        <QueryState query={sessions} what="your sessions" />
      )}
      <FormError error={end.error} />
    </section>
  );
}
