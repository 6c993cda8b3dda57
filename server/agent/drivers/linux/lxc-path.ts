import type { LinuxContext } from "./context";
import type { JailDefinition } from "./store";

/** The LXC path a jail lives in: the one it was adopted from when its definition records one, else the agent's. */
export const lxcPathFor = (ctx: Pick<LinuxContext, "lxcPath">, def: JailDefinition | null | undefined): string =>
  def?.lxcPath ?? ctx.lxcPath;

/** The same, for a jail known by name only. */
export const lxcPathOf = async (ctx: Pick<LinuxContext, "lxcPath" | "store">, name: string): Promise<string> =>
  lxcPathFor(ctx, await ctx.store.get(name));
