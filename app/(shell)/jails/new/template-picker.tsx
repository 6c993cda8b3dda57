"use client";

import { useEffect, useState } from "react";
import { useHost } from "@/app/_lib/use-host";
import type { JailEvent } from "@/app/_live/use-jail-events";
import { liveSocket } from "@/app/_live/socket";
import type { Template } from "@/server/agent/protocol";
import { FormField, inputClass } from "./form-field";
import { buildBar, withBuildEvent, type HostBuilds } from "./template-builds";
import { templateOptionLabel, templateSizeText } from "./template-size";

/** The newest progress of each template build the page's host's agent reports (e.g. debootstrap of the Debian base). */
function useTemplateBuilds(): Record<string, JailEvent> {
  const host = useHost();
  const [builds, setBuilds] = useState<HostBuilds>({});
  useEffect(() => {
    const socket = liveSocket();
    const follow = () => socket.emit("templates:follow", { host });
    const onProgress = (event: JailEvent) => setBuilds((all) => withBuildEvent(all, event));
    socket.on("templates:progress", onProgress);
    socket.on("connect", follow);
    if (socket.connected) follow();
    return () => {
      socket.off("templates:progress", onProgress);
      socket.off("connect", follow);
      socket.emit("templates:unfollow", { host });
    };
  }, [host]);
  // Another host's events (the page switched hosts while they were on their way) stay out of this page.
  return builds[host] ?? {};
}

export function BuildProgress({ name, event }: { name: string; event: JailEvent }) {
  const bar = buildBar(event);
  if (bar.done && bar.failure !== null) {
    return (
      <p role="alert" className="text-xs text-red-700 dark:text-red-400">
        Template {name} was not built: {bar.failure}
      </p>
    );
  }
  if (bar.done) return <p className="text-xs text-emerald-700 dark:text-emerald-400">Template {name} is built.</p>;
  return (
    <div className="flex flex-col gap-1">
      <progress
        aria-label={`Building template ${name}`}
        className="h-2 w-full"
        max={1}
        {...(bar.value !== null ? { value: bar.value } : {})}
      />
      <p className="text-xs text-slate-500">{bar.message}</p>
    </div>
  );
}

export function TemplatePicker({
  templates,
  value,
  error,
  onChange,
}: {
  templates: Template[];
  value: string;
  error?: string;
  onChange(name: string): void;
}) {
  const builds = useTemplateBuilds();
  const chosen = templates.find((template) => template.name === value);
  const build = builds[value];
  const hint = chosen
    ? `${chosen.description}${chosen.ready ? " — ready" : " — not built yet: the create builds it first, with progress here"} — ${templateSizeText(chosen)}`
    : "What the jail's root file system starts from.";
  return (
    <div className="flex flex-col gap-1">
      <FormField label="Template" hint={hint} error={error}>
        {(field) => (
          <select {...field} value={value} onChange={(event) => onChange(event.target.value)} className={inputClass}>
            <option value="">Choose a template…</option>
            {templates.map((template) => (
              <option key={template.name} value={template.name}>
                {templateOptionLabel(template)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      {build && <BuildProgress name={value} event={build} />}
    </div>
  );
}
