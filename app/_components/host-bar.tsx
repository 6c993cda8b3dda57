"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { useTRPC } from "@/app/_trpc/client";
import { withHost } from "@/app/_lib/host-param";
import { useHost } from "@/app/_lib/use-host";
import { LOCAL_HOST_ID } from "@/shared/host-id";

interface HostChoice {
  id: string;
  name: string;
  remote: boolean;
}

const hostLabel = (host: HostChoice) => (host.remote ? host.name : `${host.name} (this machine)`);

/** A native select, so the keyboard works as everywhere: the page reloads its data for the chosen host. */
function HostSelect({ host, choices }: { host: string; choices: HostChoice[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const href = (id: string) => withHost(`${pathname}${search.size > 0 ? `?${search.toString()}` : ""}`, id);
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-400">Host</span>
      <select
        value={host}
        onChange={(event) => router.push(href(event.target.value))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
      >
        {choices.map((choice) => (
          <option key={choice.id} value={choice.id}>
            {hostLabel(choice)}
          </option>
        ))}
      </select>
    </label>
  );
}

function UnknownHost({ host, choices, page }: { host: string; choices: HostChoice[]; page: string }) {
  return (
    <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      {host === LOCAL_HOST_ID ? "Nothing on this machine is in your scope." : `There is no host named “${host}” that you may see.`}{" "}
      {choices.length > 0 && (
        <>
          Show{" "}
          {choices.map((choice, index) => (
            <span key={choice.id}>
              {index > 0 && ", "}
              <Link className="underline" href={withHost(page, choice.id)}>
                {hostLabel(choice)}
              </Link>
            </span>
          ))}
          .
        </>
      )}
    </div>
  );
}

/**
 * Says which host a page shows (its `?host=`), offers the others the caller may see when there is
 * more than one, and shows the page only for a host they may see: an unknown host gets a sentence
 * and links, not a page of errors. `page` is where those links go (the page's own list).
 */
export function HostGate({ page, children }: { page: string; children: ReactNode }) {
  const trpc = useTRPC();
  const host = useHost();
  const choices = useQuery(trpc.hosts.choices.queryOptions());
  const list = choices.data ?? [];
  const current = list.find((choice) => choice.id === host);
  // This machine's pages need not wait for the list; another host's wait, so an unknown one never reaches its queries.
  if (!choices.data && host !== LOCAL_HOST_ID) return <p className="text-sm text-slate-500">Loading the hosts…</p>;
  // This machine too, for a caller whose grants are all on other hosts: links to those, not an empty page.
  if (choices.data && !current && (host !== LOCAL_HOST_ID || list.length > 0))
    return <UnknownHost host={host} choices={list} page={page} />;
  return (
    <>
      <div aria-label="Host shown" role="group" className="flex flex-wrap items-center gap-3">
        <p className="text-sm">
          On <strong className="font-semibold">{current ? hostLabel(current) : "this machine"}</strong>
        </p>
        {(list.length > 1 || (choices.data && !current)) && <HostSelect host={host} choices={list} />}
      </div>
      {children}
    </>
  );
}
