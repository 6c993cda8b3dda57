import { z } from "zod";
import { jailNameSchema } from "./names";

import { PROCESS_SIGNALS } from "./signal-names";

export { PROCESS_SIGNALS } from "./signal-names";
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

export type { ProcessSignal } from "./signal-names";
export type SignalProcessInput = z.infer<typeof signalProcessInputSchema>;
export type SignalResult = z.infer<typeof signalResultSchema>;
