"use client";

import { buttonClass } from "@/app/_components/dialog";
import { findingFor, riskOf, type CatalogEntry, type ParameterValue } from "./parameter-catalog";
import { inputClass } from "./form-field";

interface Props {
  catalog: CatalogEntry[];
  values: Record<string, ParameterValue>;
  onChange(values: Record<string, ParameterValue>): void;
}

function Control({ entry, value, onChange }: { entry: CatalogEntry; value: ParameterValue; onChange(value: ParameterValue): void }) {
  const id = `parameter-${entry.name}`;
  if (entry.kind === "boolean") {
    return (
      <label className="flex items-center gap-2 text-sm">
        <input id={id} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
        {entry.label} <code className="font-mono text-xs text-slate-500">{entry.name}</code>
      </label>
    );
  }
  return (
    <label className="flex items-center gap-2 text-sm">
      {entry.label} <code className="font-mono text-xs text-slate-500">{entry.name}</code>
      {entry.kind === "choice" ? (
        <select id={id} value={String(value)} onChange={(event) => onChange(event.target.value)} className={inputClass}>
          {entry.choices?.map((choice) => (
            <option key={choice}>{choice}</option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type="number"
          min={entry.min}
          max={entry.max}
          value={Number(value)}
          onChange={(event) => onChange(Number(event.target.value))}
          className={`${inputClass} w-20`}
        />
      )}
    </label>
  );
}

function RiskyParameter({ entry, values, onChange }: { entry: CatalogEntry } & Omit<Props, "catalog">) {
  const value = values[entry.name] ?? entry.safe;
  const finding = findingFor(entry, value);
  const risk = riskOf(entry);
  return (
    <li className="flex flex-col gap-1">
      <Control entry={entry} value={value} onChange={(next) => onChange({ ...values, [entry.name]: next })} />
      <p className="text-xs text-slate-500">{risk?.reason}</p>
      {finding && (
        <div
          role="alert"
          className="flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          <strong className="uppercase">{finding.severity} risk.</strong>
          <span>{entry.alternative?.text}</span>
          {entry.alternative && (
            <button
              type="button"
              className={`${buttonClass.plain} px-2 py-0.5 text-xs`}
              onClick={() => onChange({ ...values, ...entry.alternative!.values })}
            >
              Use the safe alternative
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** Safe parameters first, then the risky ones, each explained, with the safe alternative one click away. */
export function ParametersFieldset({ catalog, values, onChange }: Props) {
  const safe = catalog.filter((entry) => entry.risky === undefined);
  const risky = catalog.filter((entry) => entry.risky !== undefined);
  return (
    <fieldset className="flex flex-col gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold">Parameters</legend>
      {safe.length > 0 && (
        <div role="group" aria-label="Safe parameters" className="flex flex-col gap-2">
          <h3 className="text-xs font-semibold uppercase text-slate-500">Safe</h3>
          {safe.map((entry) => (
            <Control
              key={entry.name}
              entry={entry}
              value={values[entry.name] ?? entry.safe}
              onChange={(next) => onChange({ ...values, [entry.name]: next })}
            />
          ))}
        </div>
      )}
      <div role="group" aria-label="Risky parameters" className="flex flex-col gap-2">
        <h3 className="text-xs font-semibold uppercase text-slate-500">Risky — each starts at its safe value</h3>
        <ul className="flex flex-col gap-3">
          {risky.map((entry) => (
            <RiskyParameter key={entry.name} entry={entry} values={values} onChange={onChange} />
          ))}
        </ul>
      </div>
    </fieldset>
  );
}
