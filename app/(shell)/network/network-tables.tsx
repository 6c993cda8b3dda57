import { HostLink } from "@/app/_components/host-link";
import type { ReactNode } from "react";
import type { NetworkInterface } from "@/server/agent/protocol";
import type { LedgerEntry, PoolSummary, Problem, ProblemKind } from "./ip-ledger";

const th = "px-3 py-2 font-semibold";
const td = "px-3 py-1.5 align-top";
const TONE: Record<ProblemKind, string> = {
  conflict: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  leftover: "bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100",
};

function Badge({ kind }: { kind: ProblemKind }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${TONE[kind]}`}>{kind}</span>;
}

function Table({ caption, headers, children }: { caption: string; headers: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <caption className="px-3 py-2 text-left text-base font-semibold">{caption}</caption>
        <thead className="bg-slate-100 text-xs uppercase text-slate-500 dark:bg-slate-900">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className={th}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const jailLink = (jail: string) => (
  <HostLink href={`/jails/${jail}`} className="text-sky-700 underline-offset-2 hover:underline dark:text-sky-300">
    jail {jail}
  </HostLink>
);

export function Problems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return <p className="text-sm text-emerald-700 dark:text-emerald-400">No conflicts or leftovers.</p>;
  return (
    <ul aria-label="Network problems" className="flex flex-col gap-1.5">
      {problems.map((problem) => (
        <li key={`${problem.kind}:${problem.message}`} className="flex items-baseline gap-2 text-sm">
          <Badge kind={problem.kind} />
          {problem.message}
        </li>
      ))}
    </ul>
  );
}

export function AddressTable({ entries }: { entries: LedgerEntry[] }) {
  return (
    <Table caption="IP addresses" headers={["Address", "Family", "Prefix", "Owner", "Interface", "Status"]}>
      {entries.map((entry) => (
        <tr
          key={`${entry.address}|${entry.owner.kind === "jail" ? entry.owner.jail : "host"}`}
          className="border-t border-slate-200 dark:border-slate-800"
        >
          <td className={`${td} font-mono text-xs`}>{entry.address}</td>
          <td className={td}>{entry.family === "inet" ? "IPv4" : "IPv6"}</td>
          <td className={`${td} tabular-nums`}>{entry.prefixLength ?? "—"}</td>
          <td className={td}>{entry.owner.kind === "jail" ? jailLink(entry.owner.jail) : "host"}</td>
          <td className={td}>{entry.interface ?? "—"}</td>
          <td className={td}>
            {entry.problems.length === 0 ? (
              <span className="text-slate-500">ok</span>
            ) : (
              entry.problems.map((kind) => <Badge key={kind} kind={kind} />)
            )}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function PoolTable({ pools }: { pools: PoolSummary[] }) {
  return (
    <Table caption="Address pools" headers={["Pool", "Interface", "Gateway", "Used", "Free", "Next free", "Reserved for"]}>
      {pools.map((pool) => (
        <tr key={pool.cidr} className="border-t border-slate-200 dark:border-slate-800">
          <td className={`${td} font-mono text-xs`}>{pool.cidr}</td>
          <td className={td}>{pool.interface}</td>
          <td className={`${td} font-mono text-xs`}>{pool.gateway ?? "—"}</td>
          <td className={`${td} tabular-nums`}>{pool.used.length}</td>
          <td className={`${td} tabular-nums`}>{pool.freeCount}</td>
          <td className={`${td} font-mono text-xs`}>{pool.nextFree ?? "pool is full"}</td>
          <td className={`${td} text-xs`}>
            {pool.used.map((use) => (
              <span key={use.address} className="mr-3 inline-block">
                <span className="font-mono">{use.address}</span> →{" "}
                {use.gone ? (
                  <span>
                    {use.jail} <Badge kind="leftover" />
                  </span>
                ) : (
                  jailLink(use.jail)
                )}
              </span>
            ))}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function InterfaceTable({ interfaces }: { interfaces: NetworkInterface[] }) {
  return (
    <Table caption="Interfaces" headers={["Name", "State", "Addresses", "Belongs to"]}>
      {interfaces.map((iface) => (
        <tr key={iface.name} className="border-t border-slate-200 dark:border-slate-800">
          <td className={`${td} font-mono text-xs`}>{iface.name}</td>
          <td className={td}>{iface.up ? "up" : "down"}</td>
          <td className={`${td} font-mono text-xs`}>{iface.addresses.map((a) => `${a.address}/${a.prefixLength}`).join(", ") || "—"}</td>
          <td className={td}>{iface.jail ? jailLink(iface.jail) : "host"}</td>
        </tr>
      ))}
    </Table>
  );
}
