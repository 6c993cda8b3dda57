"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { JailOutput } from "@/app/_components/jail-actions/jail-output";
import { useJailEvents } from "@/app/_live/use-jail-events";
import { useTRPC } from "@/app/_trpc/client";
import { useHostInput } from "@/app/_lib/use-host";
import { packageNameSchema } from "@/server/agent/protocol/packages";

/** The names typed so far, split on spaces and commas, and the first that is not a package name. */
function parseNames(text: string): { names: string[]; bad: string | null } {
  const names = text.split(/[\s,]+/).filter(Boolean);
  return { names, bad: names.find((n) => !packageNameSchema.safeParse(n).success) ?? null };
}

/** `pkg -j NAME install` from the browser: packages from the host's sources into a running jail. */
export function JailPackages({ name, running }: { name: string; running: boolean }) {
  const trpc = useTRPC();
  const { host } = useHostInput();
  const allowed = useQuery(trpc.jails.allowed.queryOptions({ host }));
  const [draft, setDraft] = useState("");
  const install = useMutation(trpc.jails.packages.install.mutationOptions());
  // apt/dpkg (pkg on FreeBSD) output arrives as the jail's events while they run, as boot output does.
  const feed = useJailEvents(name);
  const [watching, setWatching] = useState(false);
  if (!(allowed.data?.jails[name]?.includes("jails.manage") ?? false)) return null;
  const { names, bad } = parseNames(draft);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!names.length || bad) return;
    await feed.follow();
    setWatching(true);
    install.mutate({ host, name, packages: names });
  }
  return (
    <section aria-label="Packages" className="flex max-w-2xl flex-col gap-2 text-sm">
      <h2 className="text-lg font-semibold">Packages</h2>
      <form onSubmit={onSubmit} aria-label="Install packages" className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          <span>Packages to install</span>
          <input
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="e.g. openssh-server curl"
            aria-invalid={bad !== null}
            aria-describedby="packages-hint"
            className="w-80 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <button type="submit" className={buttonClass.primary} disabled={!running || install.isPending || !names.length || bad !== null}>
          {install.isPending ? "Installing…" : "Install"}
        </button>
      </form>
      <p id="packages-hint" className={bad ? "text-red-700 dark:text-red-400" : "text-slate-500"}>
        {bad
          ? `“${bad}” is not a package name: letters, digits, '+', '-', '.' or '_', starting with a letter or digit.`
          : running
            ? "Downloaded on the host from its package sources and installed inside the jail; services start at once and at every boot."
            : "Start the jail to install packages into it."}
      </p>
      <FormError error={install.error} labels={{ packages: "Packages" }} />
      {watching && <JailOutput name={name} phase="packages" events={feed.events} error={feed.error} />}
      {install.data && (
        <p role="status">
          {install.data.installed.length ? `Installed ${install.data.installed.join(", ")}.` : "Already installed: nothing to do."}
        </p>
      )}
    </section>
  );
}
