import { z } from "zod";
import { CONSOLE_INPUT_MAX_BYTES, consoleSessionIdSchema } from "@/server/agent/protocol/streams";
import { jailNameSchema } from "@/server/agent/protocol/names";

const size = (what: "cols" | "rows", max: number) =>
  z
    .number({ error: `${what} must be a number` })
    .int(`${what} must be a whole number`)
    .min(2, `${what} must be at least 2`)
    .max(max, `${what} must be at most ${max}`);

const target = { jail: jailNameSchema, id: consoleSessionIdSchema };

export const openPayload = z.object({ jail: jailNameSchema, cols: size("cols", 1000), rows: size("rows", 500) }).strict();
export const attachPayload = z.object({ ...target, since: z.number().int().min(0).optional() }).strict();
export const sessionPayload = z.object(target).strict();
export const jailPayload = z.object({ jail: jailNameSchema }).strict();
export const resizePayload = z.object({ ...target, cols: size("cols", 1000), rows: size("rows", 500) }).strict();
export const ackPayload = z
  .object({
    ...target,
    bytes: z
      .number()
      .int()
      .min(0)
      .max(1 << 30),
    /** How much unacknowledged output the browser can parse in about 100 ms (the server bounds it). */
    window: z
      .number()
      .int()
      .min(0)
      .max(1 << 30)
      .optional(),
  })
  .strict();

/** Keystrokes and pastes as bytes (socket.io binary); a string is taken as UTF-8. */
export const inputPayload = z
  .object({
    ...target,
    data: z.union([z.instanceof(Uint8Array), z.string()]).transform((d) => (typeof d === "string" ? Buffer.from(d, "utf8") : d)),
  })
  .strict()
  .refine((p) => p.data.byteLength <= CONSOLE_INPUT_MAX_BYTES, {
    message: `Input frame too large: at most ${CONSOLE_INPUT_MAX_BYTES} bytes at a time`,
  });

export type OpenPayload = z.infer<typeof openPayload>;
export type AttachPayload = z.infer<typeof attachPayload>;
