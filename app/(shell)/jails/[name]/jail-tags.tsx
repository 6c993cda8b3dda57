"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/_components/forms/form-error";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";

/** A jail's tags; those who may change the jail add and remove them (tag grants follow at once). */
export function JailTags({ name, tags }: { name: string; tags: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { host } = useHostInput();
  const allowed = useQuery(trpc.jails.allowed.queryOptions({ host }));
  const [draft, setDraft] = useState("");
  const save = useMutation(
    trpc.tags.set.mutationOptions({
      onSuccess: () => {
        setDraft("");
        void queryClient.invalidateQueries({ queryKey: trpc.jails.get.queryKey({ host, name }) });
      },
    }),
  );
  const mayEdit = allowed.data?.jails[name]?.includes("jails.manage") ?? false;
  function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (draft.trim()) save.mutate({ host, name, tags: [...tags, draft.trim()] });
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" aria-label="Tags">
      {tags.length === 0 && <span className="text-slate-500">No tags.</span>}
      {tags.map((tag) => (
        <span key={tag} className="inline-flex items-center gap-1 rounded-full bg-slate-200 px-2 py-0.5 text-xs dark:bg-slate-800">
          {tag}
          {mayEdit && (
            <button
              type="button"
              aria-label={`Remove tag ${tag}`}
              onClick={() => save.mutate({ host, name, tags: tags.filter((t) => t !== tag) })}
            >
              ×
            </button>
          )}
        </span>
      ))}
      {mayEdit && (
        <form onSubmit={onAdd} className="flex items-center gap-1" aria-label="Add a tag">
          <input
            aria-label="New tag"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            className="w-28 rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-950"
          />
          <button type="submit" disabled={save.isPending} className="rounded-md bg-sky-600 px-2 py-0.5 text-xs text-white">
            Add tag
          </button>
        </form>
      )}
      <FormError error={save.error} labels={{ tags: "Tag" }} className="w-full" />
    </div>
  );
}
