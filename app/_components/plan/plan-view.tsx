"use client";

import { useState } from "react";
import { buttonClass } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/forms/form-error";
import { configDiff, diffSummary, type DiffLine } from "./config-diff";

/** What the agent planned: the web shows it as is and never builds commands itself. */
export interface PlanShape {
  id: string;
  kind: "create" | "change" | "destroy" | "adopt" | "move" | "unprivilege";
  jail: string;
  configPath: string;
  configBefore: string | null;
  configAfter: string | null;
  otherFiles?: { path: string; before: string | null; after: string | null }[];
  unwritable?: { file: string; reason: string }[];
  commands: { argv: string[]; why: string }[];
  effects: { field: string; when: "live" | "next-start" | "now" }[];
  warnings: string[];
}

const LINE_TONE: Record<DiffLine["kind"], string> = {
  add: "bg-emerald-900/60 text-emerald-100",
  remove: "bg-red-900/60 text-red-100",
  same: "text-slate-300",
};
const LINE_MARK: Record<DiffLine["kind"], string> = { add: "+", remove: "-", same: " " };
const WHEN: Record<PlanShape["effects"][number]["when"], string> = {
  live: "applies live, no restart",
  "next-start": "takes effect at the next start",
  now: "takes effect now",
};

function ConfigDiff({ path, before, after }: { path: string; before: string | null; after: string | null }) {
  const lines = configDiff(before, after);
  return (
    <section aria-label={`Configuration change: ${path}`} className="flex flex-col gap-1">
      <h3 className="text-sm font-semibold">
        <code className="font-mono text-xs">{path}</code> — {diffSummary(lines)}
      </h3>
      <pre className="max-h-72 overflow-auto rounded-md bg-slate-950 py-2 font-mono text-xs">
        {lines.map((line, index) => (
          <div key={index} className={`px-2 ${LINE_TONE[line.kind]}`}>
            <span aria-hidden="true">{LINE_MARK[line.kind]} </span>
            <span className="sr-only">{line.kind === "same" ? "" : line.kind === "add" ? "added: " : "removed: "}</span>
            {line.text}
          </div>
        ))}
      </pre>
    </section>
  );
}

/** The commands of a plan in the order the agent runs them (also each jail's part of a bulk destroy). */
export function Commands({ plan }: { plan: Pick<PlanShape, "commands"> }) {
  if (plan.commands.length === 0) return <p className="text-sm text-slate-500">No command runs: only the configuration changes.</p>;
  return (
    <section aria-label="Commands" className="flex flex-col gap-1">
      <h3 className="text-sm font-semibold">The agent runs, in this order</h3>
      <ol className="flex list-decimal flex-col gap-1 pl-6 text-sm">
        {plan.commands.map((command, index) => (
          <li key={index}>
            <code className="break-all font-mono text-xs">{command.argv.join(" ")}</code>
            <span className="block text-xs text-slate-500">{command.why}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Files the host will not let the agent write: applying is refused before anything runs. */
function Unwritable({ plan }: { plan: PlanShape }) {
  if (!plan.unwritable?.length) return null;
  return (
    <ul
      aria-label="Files that cannot be written"
      className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200"
    >
      {plan.unwritable.map((entry) => (
        <li key={entry.file}>
          <code className="font-mono text-xs">{entry.file}</code> cannot be written: {entry.reason}. The agent refuses to apply this plan.
        </li>
      ))}
    </ul>
  );
}

export interface PlanViewProps {
  plan: PlanShape;
  applying: boolean;
  error: { message: string; data?: { code?: string; zodIssues?: unknown } | null } | null;
  /** True when the agent refused the plan as stale: the jail changed since it was made. */
  stale: boolean;
  onApply(confirmName?: string): void;
  onReplan(): void;
  onCancel(): void;
}

/** The plan in full (diff, commands, effects, warnings) and the one button that runs exactly it. */
export function PlanView({ plan, applying, error, stale, onApply, onReplan, onCancel }: PlanViewProps) {
  const [typed, setTyped] = useState("");
  const destroying = plan.kind === "destroy";
  return (
    <section aria-label={`Plan: ${plan.kind} ${plan.jail}`} className="flex flex-col gap-4">
      <ConfigDiff path={plan.configPath} before={plan.configBefore} after={plan.configAfter} />
      {plan.otherFiles?.map((file) => (
        <ConfigDiff key={file.path} path={file.path} before={file.before} after={file.after} />
      ))}
      <Unwritable plan={plan} />
      <Commands plan={plan} />
      {plan.effects.length > 0 && (
        <ul aria-label="When changes take effect" className="text-sm">
          {plan.effects.map((effect) => (
            <li key={effect.field}>
              <strong>{effect.field}</strong> {WHEN[effect.when]}
            </li>
          ))}
        </ul>
      )}
      {plan.warnings.length > 0 && (
        <ul aria-label="Warnings" className="list-disc pl-6 text-sm text-amber-800 dark:text-amber-300">
          {plan.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {stale ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          The jail changed since this plan was made — re-plan to see what would happen now.
        </p>
      ) : (
        <FormError error={error} />
      )}
      {destroying && !stale && (
        <label className="flex flex-col gap-1 text-sm">
          Type {plan.jail} to confirm destroying it
          <input
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onCancel} className={buttonClass.plain}>
          Cancel
        </button>
        {stale ? (
          <button type="button" onClick={onReplan} className={buttonClass.primary}>
            Re-plan
          </button>
        ) : (
          <button
            type="button"
            disabled={applying || (destroying && typed !== plan.jail) || Boolean(plan.unwritable?.length)}
            onClick={() => onApply(destroying ? typed : undefined)}
            className={destroying ? buttonClass.danger : buttonClass.primary}
          >
            {applying ? "Applying…" : destroying ? `Destroy ${plan.jail}` : "Apply this plan"}
          </button>
        )}
      </div>
    </section>
  );
}
