import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { z } from "zod";
import {
  AgentError,
  hostMountsSchema,
  hostnameSchema,
  ipv4Schema,
  jailLimitsSchema,
  jailNameSchema,
  jailParametersSchema,
  looksLikeAddress,
  lxcPathSchema,
  tagSchema,
  templateNameSchema,
} from "../../protocol";

/** What vethPairName generates: "stk" and 12 hex digits, within the kernel's 15. */
export const vethPairSchema = z.string().regex(/^stk[0-9a-f]{12}$/, "veth names are stk and 12 hex digits");

/**
 * How a jail is contained. Definitions written before unprivileged jails existed have no such
 * field: those jails were privileged, and stay so until an admin migrates them.
 */
export const jailSecuritySchema = z.object({
  /** Root in the jail is root on the host: only when an admin asked for it at create. */
  privileged: z.boolean(),
  /** The first of the jail's 65,536 host ids (its root); null when privileged. */
  idRangeStart: z
    .number()
    .int()
    .min(65_536)
    .max(2 ** 32 - 65_537)
    .nullable(),
  /**
   * "lxc": LXC mounts the rootfs (a dir, or lxc-copy's overlay). "shifted-overlay": a thin
   * overlay over the shared Debian base whose upper layer holds the jail's ids; the agent
   * mounts it on the host before each start (LXC 5 cannot id-map an overlay rootfs).
   */
  rootfs: z.enum(["lxc", "shifted-overlay"]),
});

export const LEGACY_SECURITY = { privileged: true, idRangeStart: null, rootfs: "lxc" } as const;

export const jailDefinitionSchema = z.object({
  name: jailNameSchema,
  template: templateNameSchema,
  hostname: hostnameSchema,
  ipv4: ipv4Schema,
  vethPair: vethPairSchema,
  limits: jailLimitsSchema,
  parameters: jailParametersSchema,
  autostart: z.boolean(),
  tags: z.array(tagSchema),
  createdAt: z.number(),
  security: jailSecuritySchema.default(LEGACY_SECURITY),
  /** Made by someone else and adopted explicitly: Stockade manages its config's block, not its rootfs. */
  adopted: z.boolean().optional(),
  /** "external": an adopted container's own network (its address is outside the pool), kept as it was written. */
  network: z.enum(["pool", "external"]).optional(),
  /** Host directories mounted into the jail at each start (read-only unless the definition says so). */
  mounts: hostMountsSchema.default([]),
  /** An adopted container's own LXC path when it is not the agent's: every lxc-* command for it runs with -P this. */
  lxcPath: lxcPathSchema.optional(),
});

export type JailDefinition = z.infer<typeof jailDefinitionSchema>;
export type JailSecurity = z.infer<typeof jailSecuritySchema>;

/** A jail's default hostname: its name made a valid host name ('_' is allowed in names only). */
export function hostnameFor(name: string): string {
  const hostname = name.replace(/_/g, "-").replace(/-+$/, "");
  return looksLikeAddress(hostname) ? `jail-${hostname}` : hostname;
}

/**
 * Stockade's own record of each jail it created, one JSON file per jail. Every read is
 * validated like a request: the values end up in LXC's config and in commands, and a file
 * edited by hand (or by something else running as root) must not smuggle anything in.
 */
export class DefinitionStore {
  private readonly dir: string;

  constructor(
    stateDir: string,
    private readonly log: Pick<Logger, "error">,
  ) {
    this.dir = path.join(stateDir, "jails");
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(name: string): string {
    return path.join(this.dir, `${jailNameSchema.parse(name)}.json`);
  }

  /** The definition, null when there is none; an invalid one is refused with internal. */
  async get(name: string): Promise<JailDefinition | null> {
    let text: string;
    try {
      text = await readFile(this.file(name), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    return this.parse(name, text);
  }

  /** Every valid definition; an invalid one is logged and left out (its container shows as adopted). */
  async list(): Promise<JailDefinition[]> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith(".json"));
    const names = files.map((f) => f.slice(0, -".json".length)).filter((n) => jailNameSchema.safeParse(n).success);
    const definitions = await Promise.all(names.map((n) => this.get(n).catch(skipInvalid)));
    return definitions.filter((d): d is JailDefinition => d !== null);
  }

  private parse(name: string, text: string): JailDefinition {
    let problem: string;
    try {
      const parsed = jailDefinitionSchema.safeParse(JSON.parse(text));
      if (parsed.success && parsed.data.name === name) return parsed.data;
      problem = parsed.success
        ? `it names ${parsed.data.name}`
        : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    } catch (error) {
      problem = (error as Error).message;
    }
    this.log.error({ jail: name, file: this.file(name), problem }, "invalid jail definition ignored");
    throw new AgentError("internal", `Stockade's definition of ${name} is invalid (${problem}); fix or remove ${this.file(name)}`, {
      jail: name,
    });
  }

  /** Write-then-rename so a crash never leaves a half-written definition. */
  async put(definition: JailDefinition): Promise<void> {
    const target = this.file(definition.name);
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await open(temp, "w", 0o600);
    try {
      await handle.writeFile(JSON.stringify(jailDefinitionSchema.parse(definition), null, 2));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  }

  async remove(name: string): Promise<void> {
    await rm(this.file(name), { force: true });
  }
}

/** parse has already logged an invalid definition; I/O errors still fail the listing. */
function skipInvalid(error: unknown): null {
  if (error instanceof AgentError) return null;
  throw error;
}
