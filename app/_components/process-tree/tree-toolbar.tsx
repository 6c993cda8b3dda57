"use client";

import { memo, useEffect, useRef } from "react";
import { HOST_JAIL_FILTER, type TreeFilter } from "./tree-view";

export interface TreeToolbarProps {
  filter: TreeFilter;
  setFilter(update: (filter: TreeFilter) => TreeFilter): void;
  /** Newline-joined, so the toolbar re-renders only when the set of jails or users changes. */
  jails: string;
  users: string;
  /** Hides the jail filter where the tree is one jail's already. */
  fixedJail: boolean;
  onExpandAll(): void;
  onCollapseAll(): void;
}

const control = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";

/** "/" jumps to the search box from anywhere that is not already a text field. */
function useSlashFocus(ref: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable='true']");
      if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      ref.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [ref]);
}

function Select({
  label,
  value,
  options,
  allLabel,
  onChange,
}: {
  label: string;
  value: string | null;
  options: string[];
  allLabel: string;
  onChange(value: string | null): void;
}) {
  return (
    // Capped so a long jail name does not push the live status off the toolbar line.
    <select
      aria-label={label}
      className={`${control} max-w-48`}
      value={value ?? ""}
      onChange={(event) => onChange(event.target.value || null)}
    >
      <option value="">{allLabel}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {option === HOST_JAIL_FILTER && label === "Jail" ? "Host only" : option}
        </option>
      ))}
    </select>
  );
}

function TreeToolbarView(props: TreeToolbarProps) {
  const { filter, setFilter } = props;
  const search = useRef<HTMLInputElement>(null);
  useSlashFocus(search);
  const split = (joined: string) => (joined ? joined.split("\n") : []);
  return (
    <div role="toolbar" aria-label="Process tree controls" className="flex flex-wrap items-center gap-2">
      <input
        ref={search}
        type="search"
        aria-label="Search processes"
        placeholder="Find pid, command, user, jail"
        value={filter.text}
        onChange={(event) => setFilter((current) => ({ ...current, text: event.target.value }))}
        onKeyDown={(event) => event.key === "Escape" && setFilter((current) => ({ ...current, text: "" }))}
        className={`${control} w-60`}
      />
      {!props.fixedJail && (
        <Select
          label="Jail"
          value={filter.jail}
          allLabel="All jails and host"
          options={[HOST_JAIL_FILTER, ...split(props.jails)]}
          onChange={(jail) => setFilter((current) => ({ ...current, jail }))}
        />
      )}
      <Select
        label="User"
        value={filter.user}
        allLabel="All users"
        options={split(props.users)}
        onChange={(user) => setFilter((current) => ({ ...current, user }))}
      />
      <button type="button" className={button} onClick={props.onExpandAll}>
        Expand all
      </button>
      <button type="button" className={button} onClick={props.onCollapseAll}>
        Collapse all
      </button>
      {filter.followPid !== null && (
        <button
          type="button"
          className={`${button} border-sky-400 text-sky-800 dark:text-sky-200`}
          onClick={() => setFilter((current) => ({ ...current, followPid: null }))}
        >
          Following pid {filter.followPid} ✕
        </button>
      )}
    </div>
  );
}

export const TreeToolbar = memo(TreeToolbarView);
