import { formatBytes } from "@/app/_components/process-tree/format";
import type { Template } from "@/server/agent/protocol";

/** The template's size as the agent measured it, in words for the picker. */
export function templateSizeText(template: Template): string {
  if (!template.size) return template.ready ? "size not measured on this host" : "size known once it is built";
  const bytes = formatBytes(template.size.bytes);
  return template.size.of === "shared" ? `${bytes} on disk, shared read-only by its jails` : `${bytes} on disk per jail`;
}

/** The option's label: name, whether it is built, and its size. */
export function templateOptionLabel(template: Template): string {
  const size = template.size ? `, ${formatBytes(template.size.bytes)}${template.size.of === "each-jail" ? " per jail" : ""}` : "";
  return `${template.name} (${template.ready ? "ready" : "not built yet"}${size})`;
}
