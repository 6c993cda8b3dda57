/** A layout jail's name is its role, or PREFIX-role when a prefix was given. */
const isRole = (jail: string, role: string) => jail === role || jail.endsWith(`-${role}`);

/** The newest step the agent reported for one role of the layout, or null before its first. */
export function latestStepOf(steps: ReadonlyArray<{ jail: string; step: string }>, role: string): string | null {
  for (let i = steps.length - 1; i >= 0; i--) if (isRole(steps[i]!.jail, role)) return steps[i]!.step;
  return null;
}
