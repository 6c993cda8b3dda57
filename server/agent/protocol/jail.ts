import { z } from "zod";
import { mountRequestsSchema } from "./mounts";
import { hostnameSchema, ipv4Schema, ipv6Schema, jailNameSchema, tagSchema, templateNameSchema } from "./names";

export const jailStateSchema = z.enum(["running", "stopped", "starting", "stopping", "dying", "unknown"]);

/** null clears a limit; undefined leaves it as it is. */
export const jailLimitsSchema = z.object({
  memoryBytes: z
    .number()
    .int()
    .min(16 * 1024 * 1024)
    .max(2 ** 50)
    .nullable()
    .optional(),
  maxProcesses: z.number().int().min(4).max(1_000_000).nullable().optional(),
  cpuPercent: z
    .number()
    .int()
    .min(1)
    .max(100 * 1024)
    .nullable()
    .optional(),
});

/** Parameter values as the engines know them; each driver allow-lists the keys it accepts. */
export const parameterValueSchema = z.union([z.string().max(1024), z.number(), z.boolean()]);
export const jailParametersSchema = z.record(z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/), parameterValueSchema);

export const confSourceSchema = z.object({ file: z.string(), line: z.number().int() });

export const jailSchema = z.object({
  name: jailNameSchema,
  state: jailStateSchema,
  /** FreeBSD jid, or on Linux null. */
  jid: z.number().int().nullable(),
  /** The jail's first process as the host sees it (LXC init, FreeBSD: null). */
  initPid: z.number().int().nullable(),
  hostname: z.string(),
  ipv4: z.array(ipv4Schema),
  ipv6: z.array(ipv6Schema),
  path: z.string(),
  template: z.string().nullable(),
  parameters: jailParametersSchema,
  limits: jailLimitsSchema,
  autostart: z.boolean(),
  tags: z.array(tagSchema),
  /** True when the jail was found on the host rather than created by Stockade. */
  adopted: z.boolean(),
  /** Linux: found in the LXC path but not adopted yet; Stockade reads it and changes nothing until an adopt plan is applied. */
  unmanaged: z.boolean().optional(),
  /** FreeBSD: the file `jail -f` is given for this jail, and where each parameter was set in it or its includes. */
  configFile: z.string().optional(),
  parameterSources: z.record(z.string(), z.array(confSourceSchema)).optional(),
  /** What jail(8) would refuse in this jail's configuration (it is listed, not started). */
  configProblems: z.array(confSourceSchema.extend({ message: z.string() })).optional(),
  /** Another jail manager whose files define this jail (FreeBSD: BastilleBSD). */
  managedBy: z.enum(["bastille"]).optional(),
  /**
   * Changed outside Stockade: each key whose running value differs from the definition on disk
   * (FreeBSD: jls against jail.conf; Linux: the live cgroup against the LXC config), or whose
   * file changed since Stockade last wrote or adopted it. null where a side has no value.
   */
  drift: z.array(z.object({ key: z.string(), defined: z.string().nullable(), running: z.string().nullable() })).optional(),
});

export const createJailInputSchema = z.object({
  name: jailNameSchema,
  template: templateNameSchema,
  hostname: hostnameSchema.optional(),
  /** A requested address from the pool; the next free one when omitted. */
  ipv4: ipv4Schema.optional(),
  limits: jailLimitsSchema.optional(),
  parameters: jailParametersSchema.optional(),
  autostart: z.boolean().default(false),
  tags: z.array(tagSchema).max(16).default([]),
  /** Host directories, or the agent's shares by name, to mount into the jail, read-only unless readOnly is false (Linux). */
  mounts: mountRequestsSchema.optional(),
});

export const changeJailInputSchema = z.object({
  name: jailNameSchema,
  hostname: hostnameSchema.optional(),
  ipv4: z.array(ipv4Schema).max(16).optional(),
  limits: jailLimitsSchema.optional(),
  parameters: jailParametersSchema.optional(),
  autostart: z.boolean().optional(),
  tags: z.array(tagSchema).max(16).optional(),
});

/** Which changed fields took effect at once and which wait for the next start. */
export const changeResultSchema = z.object({
  jail: jailSchema,
  appliedLive: z.array(z.string()),
  appliedOnNextStart: z.array(z.string()),
});

/**
 * What a template takes on disk, measured by the agent: "shared" is one read-only base every jail
 * of the template shares, "each-jail" is what every jail made from it copies. null: not known yet
 * (a template not built, or a driver that does not measure).
 */
export const templateSizeSchema = z.object({ bytes: z.number().int().nonnegative(), of: z.enum(["shared", "each-jail"]) });

export const templateSchema = z.object({
  name: templateNameSchema,
  description: z.string(),
  ready: z.boolean(),
  size: templateSizeSchema.nullable(),
});

export type JailState = z.infer<typeof jailStateSchema>;
export type JailLimits = z.infer<typeof jailLimitsSchema>;
export type JailParameters = z.infer<typeof jailParametersSchema>;
export type Jail = z.infer<typeof jailSchema>;
export type CreateJailInput = z.input<typeof createJailInputSchema>;
/** A create request once validated: defaults filled in. */
export type CreateJailRequest = z.output<typeof createJailInputSchema>;
export type ChangeJailInput = z.infer<typeof changeJailInputSchema>;
export type ChangeResult = z.infer<typeof changeResultSchema>;
export type Template = z.infer<typeof templateSchema>;
export type TemplateSize = z.infer<typeof templateSizeSchema>;
