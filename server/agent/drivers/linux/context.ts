import type { Logger } from "pino";
import type { Pool } from "../shared/ip-pool";
import type { Lxc } from "./lxc";
import type { LinuxJournal } from "./journal";
import type { CgroupVersion, ConfigContext } from "./lxc-config";
import type { Runner } from "../shared/runner";
import type { DefinitionStore } from "./store";
import type { TemplateContext } from "./templates";

/** What the Linux driver's modules share; built once by createLinuxDriver. */
export interface LinuxContext {
  runner: Runner;
  lxc: Lxc;
  store: DefinitionStore;
  journal: LinuxJournal;
  /** Jails being created: not listed until they are complete. */
  creating: Set<string>;
  pool: Pool;
  bridge: string;
  lxcPath: string;
  /** The agent's own directories (state, socket, LXC path, templates): never mounted into a jail. */
  protectedPaths: readonly string[];
  /** Where the shares jails mount by name live (contain/shares.ts). */
  shareDir: string;
  cgroupVersion: CgroupVersion;
  config: ConfigContext;
  templates: TemplateContext;
  log: Logger;
}
