import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ipv4Schema, jailLimitsSchema, jailNameSchema, jailParametersSchema, tagSchema } from "../../protocol";

export const jailDefinitionSchema = z.object({
  name: jailNameSchema,
  template: z.string(),
  hostname: z.string(),
  ipv4: ipv4Schema,
  vethPair: z.string().max(15),
  limits: jailLimitsSchema,
  parameters: jailParametersSchema,
  autostart: z.boolean(),
  tags: z.array(tagSchema),
  createdAt: z.number(),
});

export type JailDefinition = z.infer<typeof jailDefinitionSchema>;

/** Stockade's own record of each jail it created, one JSON file per jail. */
export class DefinitionStore {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = path.join(stateDir, "jails");
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  private file(name: string): string {
    return path.join(this.dir, `${jailNameSchema.parse(name)}.json`);
  }

  async get(name: string): Promise<JailDefinition | null> {
    try {
      return jailDefinitionSchema.parse(JSON.parse(await readFile(this.file(name), "utf8")));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async list(): Promise<JailDefinition[]> {
    const files = (await readdir(this.dir)).filter((f) => f.endsWith(".json"));
    const definitions = await Promise.all(files.map((f) => this.get(f.slice(0, -".json".length))));
    return definitions.filter((d): d is JailDefinition => d !== null);
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
