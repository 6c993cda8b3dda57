import Link from "next/link";
import { withHost } from "@/app/_lib/host-param";
import type { HostState } from "@/server/fleet/host-state";

/** Each jail links to its page on its own host (`?host=`). */
function JailName({ host, name }: { host: HostState; name: string }) {
  return (
    <Link href={withHost(`/jails/${encodeURIComponent(name)}`, host.id)} className="font-medium underline-offset-2 hover:underline">
      {name}
    </Link>
  );
}

/** A host's jails as it last reported them; while it is unreachable, said to be the last known list. */
export function HostJails({ host, seen }: { host: HostState; seen: string }) {
  if (!host.info) return null;
  const headingId = `host-jails-${host.id}`;
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <h2 id={headingId} className="text-lg font-semibold">
        Jails on {host.name}
        <Link href={withHost("/jails", host.id)} className="ml-2 text-sm font-normal text-sky-700 underline dark:text-sky-300">
          all of {host.name}&apos;s jails
        </Link>
        {host.stale && (
          <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 align-middle text-xs font-semibold text-amber-900 dark:bg-amber-900/50 dark:text-amber-100">
            stale: last known, seen {seen}
          </span>
        )}
      </h2>
      {host.jails.length === 0 ? (
        <p className="text-sm text-slate-500">No jails.</p>
      ) : (
        <ul className={`flex flex-wrap gap-2 text-sm ${host.stale ? "opacity-70" : ""}`}>
          {host.jails.map((jail) => (
            <li key={jail.name} className="rounded border border-slate-200 bg-white px-2 py-1 dark:border-slate-800 dark:bg-slate-900">
              <JailName host={host} name={jail.name} /> <span className="text-slate-500">{jail.state}</span>
              {jail.ipv4[0] && <span className="ml-1 text-slate-500">{jail.ipv4[0]}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
