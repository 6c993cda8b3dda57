/** The signals a person may send from the process tree; nothing else reaches kill. Zod-free: the browser imports it. */
export const PROCESS_SIGNALS = ["TERM", "KILL", "HUP", "INT"] as const;
export type ProcessSignal = (typeof PROCESS_SIGNALS)[number];
