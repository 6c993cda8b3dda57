import { z } from "zod";
import { changeJailInputSchema, createJailInputSchema, jailSchema } from "./jail";
import { FORBIDDEN_HOST_PATHS, plainAbsolutePath } from "./mounts";
import { jailNameSchema } from "./names";

/**
 * Where a container to adopt lives (lxc-create's -P). The agent also refuses its own
 * directories and anything that is not an existing directory named by its real path.
 */
export const lxcPathSchema = plainAbsolutePath("An LXC path", FORBIDDEN_HOST_PATHS, "holds containers Stockade adopts");

/** adopt: Stockade takes over a jail it did not create; move: an adopted jail's block goes to its own file;
 * unprivilege: a privileged Linux jail migrated into a user namespace of its own. */
export const planKindSchema = z.enum(["create", "change", "destroy", "adopt", "move", "unprivilege"]);

/** What to plan: one request per change kind; the agent computes the rest. */
export const planRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("create"), input: createJailInputSchema.strict() }).strict(),
  z.object({ kind: z.literal("change"), input: changeJailInputSchema.strict() }).strict(),
  z.object({ kind: z.literal("destroy"), name: jailNameSchema }).strict(),
  /** lxcPath: the container's own LXC path when it is not the agent's. */
  z.object({ kind: z.literal("adopt"), name: jailNameSchema, lxcPath: lxcPathSchema.optional() }).strict(),
  z.object({ kind: z.literal("move"), name: jailNameSchema }).strict(),
  /** A drifted jail made consistent: keep its definition (revert the running jail) or its running values (write them down). */
  z.object({ kind: z.literal("reconcile"), name: jailNameSchema, keep: z.enum(["definition", "running"]) }).strict(),
  z.object({ kind: z.literal("unprivilege"), name: jailNameSchema }).strict(),
]);

/** One OS command the agent will run, exactly as it will run it, and why. */
export const planCommandSchema = z.object({ argv: z.array(z.string()).min(1), why: z.string() });

/**
 * When a field takes effect: "live" on the running jail as the plan is applied, "next-start"
 * when it is next started, "now" for what is Stockade's own (tags, autostart) or the jail itself.
 */
export const planEffectSchema = z.object({ field: z.string(), when: z.enum(["live", "next-start", "now"]) });

export const planIdSchema = z.string().regex(/^[0-9a-f]{32}$/, "Plan ids are 32 hex digits");

/** A computed change: the jail's config file before and after, and every command in order. */
export const planSchema = z.object({
  id: planIdSchema,
  kind: planKindSchema,
  jail: jailNameSchema,
  /** The file the plan rewrites: the LXC config on Linux, the jail.conf.d file on FreeBSD. */
  configPath: z.string(),
  /** null when the file does not exist yet (create). */
  configBefore: z.string().nullable(),
  /** null when the file is removed (destroy). */
  configAfter: z.string().nullable(),
  /** Further files the plan writes or removes (a move writes the jail's new file and cuts its old block). */
  otherFiles: z.array(z.object({ path: z.string(), before: z.string().nullable(), after: z.string().nullable() })).optional(),
  /** Files the plan would write that may not be written; apply refuses such a plan with read_only before running anything. */
  unwritable: z.array(z.object({ file: z.string(), reason: z.string() })).optional(),
  commands: z.array(planCommandSchema),
  effects: z.array(planEffectSchema),
  warnings: z.array(z.string()),
  createdAt: z.number(),
});

/** jail and kind, when given, must be the plan's: the web checked the caller's permission on them. */
export const applyPlanInputSchema = z
  .object({ planId: planIdSchema, jail: jailNameSchema.optional(), kind: planKindSchema.optional() })
  .strict();

/** The plan that ran and the jail afterwards (null after a destroy). */
export const applyResultSchema = z.object({ plan: planSchema, jail: jailSchema.nullable() });

export type PlanKind = z.infer<typeof planKindSchema>;
export type PlanRequest = z.infer<typeof planRequestSchema>;
export type PlanCommand = z.infer<typeof planCommandSchema>;
export type PlanEffect = z.infer<typeof planEffectSchema>;
export type Plan = z.infer<typeof planSchema>;
export type ApplyResult = z.infer<typeof applyResultSchema>;
