import { z } from "zod";
import { jailNameSchema } from "./names";

/** The signals a person may send from the process tree; nothing else reaches kill. */
export const PROCESS_SIGNALS = ["TERM", "KILL", "HUP", "INT"] as const;
export const processSignalSchema = z.enum(PROCESS_SIGNALS);

export const signalProcessInputSchema = z
  .object({
    pid: z
      .number()
      .int()
      .min(1)
      .max(2 ** 22),
    /** The jail the caller saw the process in, or null for a host process: anything else is refused. */
    jail: jailNameSchema.nullable(),
    /** The start time the caller saw (ms since the epoch): a reused pid is a different process. */
    startedAt: z.number().int().min(0),
    signal: processSignalSchema,
  })
  .strict();

export const signalResultSchema = z.object({ pid: z.number().int(), signal: processSignalSchema, sent: z.literal(true) });

export type ProcessSignal = z.infer<typeof processSignalSchema>;
export type SignalProcessInput = z.infer<typeof signalProcessInputSchema>;
export type SignalResult = z.infer<typeof signalResultSchema>;
