"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { ProcessInfo } from "@/server/agent/protocol";
import { HostLink } from "../host-link";
import { Fact } from "../fact";
import { JailLifecycle } from "../jail-actions/lifecycle-actions";
import { SignalProcess } from "../jail-actions/signal-process";
import { useJailPermissions } from "../jail-actions/use-jail-permissions";
import { formatBytes, formatDuration, formatPercent } from "./format";
import { groupLabel } from "./tree-row";
import type { ContainerNode, TreeNode } from "./tree-model";

const STATE_WORDS: Record<string, string> = {
  R: "running",
  S: "sleeping",
  I: "idle",
  D: "waiting on disk",
  T: "stopped",
  t: "traced",
  Z: "zombie",
  L: "waiting on a lock",
  W: "swapped out",
  X: "dead",
};

export function describeState(state: string): string {
  return STATE_WORDS[state.charAt(0)] ?? "unknown";
}

export interface ProcessDetailProps {
  node: TreeNode | null;
  missingKey: string;
  takenAt: number;
  followPid: number | null;
  onFollow(pid: number | null): void;
  onSelect(key: string): void;
  onClose(): void;
}

/** A process or jail field: label beside value; `wide` spans both columns on medium screens. */
function Field({ wide = false, ...props }: { label: string; wide?: boolean; children: ReactNode }) {
  return <Fact layout="beside" className={wide ? "md:col-span-2 2xl:col-span-1" : ""} {...props} />;
}

/** The unmanaged container a process row sits in (its nearest container ancestor). */
function containerOf(node: TreeNode): ContainerNode | null {
  for (let at: TreeNode | null = node; at; at = at.parent) if (at.kind === "container") return at;
  return null;
}

function WhereField({ process, container }: { process: ProcessInfo; container: ContainerNode | null }) {
  if (process.jail) {
    return (
      <HostLink className="text-sky-700 underline dark:text-sky-300" href={`/jails/${process.jail}`}>
        {process.jail}
      </HostLink>
    );
  }
  if (process.container === undefined) return "host";
  return `none: a host process in container ${container?.name ?? process.container}, which Stockade does not manage`;
}

interface ProcessFieldsProps {
  process: ProcessInfo;
  container: ContainerNode | null;
  takenAt: number;
  onSelect(key: string): void;
}

export function ProcessFields({ process, container, takenAt, onSelect }: ProcessFieldsProps) {
  return (
    <dl className="grid gap-x-6 text-sm md:grid-cols-2 2xl:grid-cols-1">
      <Field label="Command line" wide>
        <code className="font-mono text-xs">{process.args || process.command}</code>
      </Field>
      <Field label="PID">
        {process.pid}
        {process.pidInJail !== null && ` (${process.pidInJail} inside the jail)`}
      </Field>
      <Field label="Parent">
        {process.ppid > 0 ? (
          <button type="button" className="text-sky-700 underline dark:text-sky-300" onClick={() => onSelect(`p:${process.ppid}`)}>
            {process.ppid}
          </button>
        ) : (
          "none (started by the kernel)"
        )}
      </Field>
      <Field label="Jail">
        <WhereField process={process} container={container} />
      </Field>
      <Field label="User">
        {process.user} (uid {process.uid})
      </Field>
      <Field label="State">
        {process.state} — {describeState(process.state)}
      </Field>
      <Field label="CPU">{formatPercent(process.cpuPercent)}</Field>
      <Field label="Memory">{formatBytes(process.rssBytes)} resident</Field>
      <Field label="Started">
        {new Date(process.startedAt).toLocaleString()} ({formatDuration(takenAt - process.startedAt)} ago)
      </Field>
    </dl>
  );
}

/** The adopt form with its name and LXC path filled in: nothing changes until its plan is applied. */
const adoptHref = (node: ContainerNode) =>
  `/jails?${new URLSearchParams({ adopt: node.name, ...(node.lxcPath ? { lxcPath: node.lxcPath } : {}) }).toString()}#adopt`;

/** Read-only: Stockade neither made nor adopted it; an admin may only go and review adopting it. */
function ContainerFields({ node }: { node: ContainerNode }) {
  const { onHost } = useJailPermissions();
  return (
    <dl className="text-sm">
      <Field label="Processes">{node.processCount}</Field>
      <Field label="CPU">{formatPercent(node.cpuPercent)}</Field>
      <Field label="Memory">{formatBytes(node.rssBytes)} resident</Field>
      <Field label="LXC path">{node.lxcPath ?? "not known (no LXC monitor above it)"}</Field>
      <Field label="Managed by">
        not Stockade: an LXC container made outside Stockade&apos;s LXC path. It is shown so its processes are not taken for the
        host&apos;s; Stockade does not start, stop, signal or change it.
      </Field>
      {onHost("jails.manage") && (
        <Field label="Adopt">
          {/* On the tree's host: its jails page's adopt form asks that host's agent for the plan. */}
          <HostLink className="text-sky-700 underline dark:text-sky-300" href={adoptHref(node)}>
            Review adopting {node.name}
          </HostLink>
        </Field>
      )}
    </dl>
  );
}

/** A jail's figures, its page (on the tree's host) and its power actions. */
function JailFields({ node }: { node: Extract<TreeNode, { kind: "jail" }> }) {
  return (
    <>
      <dl className="text-sm">
        <Field label="Processes">{node.processCount}</Field>
        <Field label="CPU">{formatPercent(node.cpuPercent)}</Field>
        <Field label="Memory">{formatBytes(node.rssBytes)} resident</Field>
        <Field label="Jail page">
          <HostLink className="text-sky-700 underline dark:text-sky-300" href={`/jails/${node.jail}`}>
            Open {node.jail}
          </HostLink>
        </Field>
      </dl>
      <div className="mt-3">
        {/* Only running jails have a subtree. */}
        <JailLifecycle name={node.jail} state="running" compact />
      </div>
    </>
  );
}

function DetailBody(props: ProcessDetailProps) {
  const { node } = props;
  if (!node)
    return <p className="text-sm text-slate-500">{props.missingKey.replace("p:", "Process ")} is gone: it has exited or is out of view.</p>;
  if (node.kind === "jail") return <JailFields node={node} />;
  if (node.kind === "container") return <ContainerFields node={node} />;
  const pid = node.process.pid;
  const following = props.followPid === pid;
  return (
    <>
      <ProcessFields process={node.process} container={containerOf(node)} takenAt={props.takenAt} onSelect={props.onSelect} />
      <button
        type="button"
        aria-pressed={following}
        title="Show only this process, its parents and its subtree"
        onClick={() => props.onFollow(following ? null : pid)}
        className="mt-3 rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {following ? "Stop following" : "Follow this process"}
      </button>
      {node.process.container === undefined && <SignalProcess key={`${pid}:${node.process.startedAt}`} process={node.process} />}
    </>
  );
}

function titleOf(node: TreeNode | null): string {
  if (node === null) return "Process";
  if (node.kind === "process") return `Process ${node.process.pid}`;
  return groupLabel(node.kind === "jail" ? { kind: "jail", name: node.jail } : { kind: "container", name: node.name });
}

/**
 * The selected row in full: beside the grid on wide screens, below it on laptops, never over
 * it, so every field shows however short the tree is. Escape or ✕ closes it.
 */
export function ProcessDetail(props: ProcessDetailProps) {
  const title = titleOf(props.node);
  const panel = useRef<HTMLElement>(null);
  // Below the grid on a laptop screen: bring the opened panel into view.
  useEffect(() => panel.current?.scrollIntoView({ block: "nearest" }), []);
  return (
    <section
      ref={panel}
      aria-label="Process details"
      onKeyDown={(event) => event.key === "Escape" && props.onClose()}
      className="rounded-lg border border-slate-200 bg-white p-4 2xl:w-96 2xl:shrink-0 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className="font-semibold">{title}</h3>
        <button
          type="button"
          onClick={props.onClose}
          aria-label="Close details"
          className="rounded-md px-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
        >
          ✕
        </button>
      </div>
      <DetailBody {...props} />
    </section>
  );
}
