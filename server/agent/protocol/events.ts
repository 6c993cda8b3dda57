import { z } from "zod";
import { jailStateSchema } from "./jail";

export const agentEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("jail.state"), jail: z.string(), state: jailStateSchema, at: z.number() }),
  z.object({ type: z.literal("jail.created"), jail: z.string(), at: z.number() }),
  z.object({ type: z.literal("jail.destroyed"), jail: z.string(), at: z.number() }),
  /**
   * What the jail's init/rc printed while it started or stopped, or what the package tools
   * (apt and dpkg, pkg) printed while they installed into it: in arrival order.
   */
  z.object({
    type: z.literal("jail.output"),
    jail: z.string(),
    phase: z.enum(["start", "stop", "packages"]),
    data: z.string(),
    at: z.number(),
  }),
  z.object({
    type: z.literal("limit.hit"),
    jail: z.string(),
    resource: z.enum(["memory", "processes", "cpu"]),
    count: z.number().int(),
    at: z.number(),
  }),
  z.object({
    type: z.literal("progress"),
    /** What the long task is, e.g. "template:debian" or "create:www1". */
    task: z.string(),
    message: z.string(),
    /** 0..1 where known. */
    fraction: z.number().min(0).max(1).nullable(),
    done: z.boolean(),
    at: z.number(),
  }),
]);

export type AgentEvent = z.infer<typeof agentEventSchema>;
