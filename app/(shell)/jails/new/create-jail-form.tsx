"use client";

import type { ReactNode } from "react";
import type { Template } from "@/server/agent/protocol";
import type { Draft, Field } from "./draft";
import { FormField, inputClass } from "./form-field";
import { HostMountFieldset } from "./host-mount-fieldset";
import { ParametersFieldset } from "./parameters-fieldset";
import type { CatalogEntry } from "./parameter-catalog";
import { TemplatePicker } from "./template-picker";

export interface CreateJailFormProps {
  draft: Draft;
  setDraft(update: (draft: Draft) => Draft): void;
  errors: Partial<Record<Field, string>>;
  templates: Template[];
  catalog: CatalogEntry[];
  suggestedAddress: string | null;
  busy: boolean;
  onSubmit(): void;
  children?: ReactNode;
}

function TextField(props: {
  label: string;
  field: Field;
  value: string;
  hint?: string;
  placeholder?: string;
  inputMode?: "numeric";
  errors: CreateJailFormProps["errors"];
  onChange(value: string): void;
}) {
  return (
    <FormField label={props.label} hint={props.hint} error={props.errors[props.field]}>
      {(field) => (
        <input
          {...field}
          value={props.value}
          placeholder={props.placeholder}
          inputMode={props.inputMode}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => props.onChange(event.target.value)}
          className={inputClass}
        />
      )}
    </FormField>
  );
}

/** Every field of a new jail; errors sit beside their field as the user types. */
export function CreateJailForm({
  draft,
  setDraft,
  errors,
  templates,
  catalog,
  suggestedAddress,
  busy,
  onSubmit,
  children,
}: CreateJailFormProps) {
  const set = (key: keyof Draft) => (value: Draft[keyof Draft]) => setDraft((d) => ({ ...d, [key]: value }));
  const common = { errors };
  return (
    <form
      aria-label="New jail"
      noValidate
      className="flex max-w-3xl flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField
          {...common}
          label="Name"
          field="name"
          value={draft.name}
          hint="Letters, digits, '_' and '-'; up to 63."
          onChange={set("name")}
        />
        <TemplatePicker templates={templates} value={draft.template} error={errors.template} onChange={set("template")} />
        <TextField
          {...common}
          label="Hostname"
          field="hostname"
          value={draft.hostname}
          placeholder={draft.name || "the jail's name"}
          hint="Empty: the jail's name."
          onChange={set("hostname")}
        />
        <TextField
          {...common}
          label="IPv4 address"
          field="ipv4"
          value={draft.ipv4}
          hint={suggestedAddress ? `Suggested: ${suggestedAddress}, the pool's next free address.` : "Empty: the pool's next free address."}
          onChange={set("ipv4")}
        />
      </div>
      <fieldset className="grid grid-cols-1 gap-4 rounded-lg border border-slate-200 p-3 md:grid-cols-3 dark:border-slate-800">
        <legend className="px-1 text-sm font-semibold">Limits (empty: none)</legend>
        <TextField
          {...common}
          label="Memory (MiB)"
          field="limits.memoryBytes"
          value={draft.memoryMiB}
          inputMode="numeric"
          onChange={set("memoryMiB")}
        />
        <TextField
          {...common}
          label="Max processes"
          field="limits.maxProcesses"
          value={draft.maxProcesses}
          inputMode="numeric"
          onChange={set("maxProcesses")}
        />
        <TextField
          {...common}
          label="CPU (% of one core)"
          field="limits.cpuPercent"
          value={draft.cpuPercent}
          inputMode="numeric"
          onChange={set("cpuPercent")}
        />
      </fieldset>
      <ParametersFieldset catalog={catalog} values={draft.parameters} onChange={set("parameters")} />
      <HostMountFieldset value={draft.mount} error={errors.mounts} onChange={set("mount")} />
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <TextField
          {...common}
          label="Tags"
          field="tags"
          value={draft.tags}
          hint="Separated by spaces or commas, e.g. web prod."
          onChange={set("tags")}
        />
        <label className="flex items-center gap-2 self-center text-sm">
          <input type="checkbox" checked={draft.autostart} onChange={(event) => set("autostart")(event.target.checked)} />
          Start with the host
        </label>
      </div>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded-md bg-sky-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          Review the plan
        </button>
        <span className="text-xs text-slate-500">Nothing is created until you apply the plan.</span>
      </div>
      {children}
    </form>
  );
}
