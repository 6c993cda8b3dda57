import { z } from "zod";
import { jailNameSchema } from "./names";
import { agentErrorCodeSchema } from "./errors";

const cols = z.number().int().min(1).max(1000);
const rows = z.number().int().min(1).max(1000);

/** Frames the client sends on a PTY stream; the first must be "open". */
export const ptyClientFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("open"), jail: jailNameSchema, cols, rows }).strict(),
  z.object({ type: z.literal("input"), data: z.string().max(65536) }).strict(),
  z.object({ type: z.literal("resize"), cols, rows }).strict(),
]);

/** Frames the agent sends on a PTY stream. */
export const ptyServerFrameSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("opened"), pid: z.number().int() }),
  z.object({ type: z.literal("data"), data: z.string() }),
  z.object({ type: z.literal("exit"), exitCode: z.number().int() }),
  z.object({ type: z.literal("error"), code: agentErrorCodeSchema, message: z.string() }),
]);

export type PtyClientFrame = z.infer<typeof ptyClientFrameSchema>;
export type PtyServerFrame = z.infer<typeof ptyServerFrameSchema>;
