"use client";

import type { MountDraft } from "./draft";
import { FormField, inputClass } from "./form-field";

const EMPTY: MountDraft = { hostPath: "", jailPath: "", readOnly: true };

/** One host directory served into the jail: read-only unless unticked (the posture marks read-write high). */
export function HostMountFieldset({
  value = EMPTY,
  error,
  onChange,
}: {
  value?: MountDraft;
  error?: string;
  onChange(next: MountDraft): void;
}) {
  const set = (patch: Partial<MountDraft>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="grid grid-cols-1 items-start gap-4 rounded-lg border border-slate-200 p-3 md:grid-cols-[1fr_1fr_auto] dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold">Host mount (optional, Linux)</legend>
      <FormField label="Host path" hint="An existing directory, e.g. /srv/www." error={error}>
        {(field) => (
          <input
            {...field}
            value={value.hostPath}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => set({ hostPath: event.target.value })}
            className={inputClass}
          />
        )}
      </FormField>
      <FormField label="Jail path" hint="Where the jail sees it, e.g. /srv/www.">
        {(field) => (
          <input
            {...field}
            value={value.jailPath}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => set({ jailPath: event.target.value })}
            className={inputClass}
          />
        )}
      </FormField>
      <label className="flex items-center gap-2 self-center text-sm">
        <input type="checkbox" checked={value.readOnly} onChange={(event) => set({ readOnly: event.target.checked })} />
        Read-only
      </label>
    </fieldset>
  );
}
