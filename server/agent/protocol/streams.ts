import { z } from "zod";
import { jailNameSchema } from "./names";
import { agentErrorCodeSchema } from "./errors";

/** Terminal sizes a real screen can have; 0×0 and 10000×10000 are refused. */
export const consoleColsSchema = z.number().int().min(2).max(1000);
export const consoleRowsSchema = z.number().int().min(1).max(500);
export const consoleSessionIdSchema = z.string().regex(/^[0-9a-f]{24}$/, "A console session id is 24 hexadecimal characters");
/** Keystrokes and pastes arrive in frames no larger than this; a bigger one is refused, the session goes on. */
export const CONSOLE_INPUT_MAX_BYTES = 64 * 1024;

export const consoleSessionSchema = z.object({
  id: consoleSessionIdSchema,
  jail: jailNameSchema,
  pid: z.number().int(),
  cols: z.number().int(),
  rows: z.number().int(),
  startedAt: z.number().int(),
  /** Streams attached now. */
  attached: z.number().int(),
  /** Bytes the PTY has produced since it opened: the offset of the next output byte. */
  offset: z.number().int(),
});

/**
 * Control frames a client sends on a console stream (text frames; binary frames are
 * input bytes). The first is "open" (a new session) or "attach" (an existing one).
 */
export const ptyClientFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("open"), jail: jailNameSchema, cols: consoleColsSchema, rows: consoleRowsSchema }).strict(),
  z
    .object({
      type: z.literal("attach"),
      id: consoleSessionIdSchema,
      /** Replay the scrollback from this output offset (what the client already has); omitted = all of it. */
      since: z.number().int().min(0).optional(),
    })
    .strict(),
  z.object({ type: z.literal("resize"), cols: consoleColsSchema, rows: consoleRowsSchema }).strict(),
  z.object({ type: z.literal("pause") }).strict(),
  z.object({ type: z.literal("resume") }).strict(),
]);

/** Control frames the agent sends (text); binary frames are output bytes, contiguous from "attached".from. */
export const ptyServerFrameSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("attached"),
    session: consoleSessionSchema,
    /** Output offset of the first byte that follows; above `since` when the scrollback no longer holds it. */
    from: z.number().int(),
  }),
  z.object({ type: z.literal("exit"), exitCode: z.number().int().nullable() }),
  z.object({ type: z.literal("ended"), reason: z.enum(["idle", "ended", "agent_stopping"]) }),
  z.object({ type: z.literal("error"), code: agentErrorCodeSchema, message: z.string() }),
]);

export type ConsoleSession = z.infer<typeof consoleSessionSchema>;
export type PtyClientFrame = z.infer<typeof ptyClientFrameSchema>;
export type PtyServerFrame = z.infer<typeof ptyServerFrameSchema>;
