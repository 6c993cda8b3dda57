import {
  AgentError,
  createJailInputSchema,
  type ChangeJailInput,
  type ChangeResult,
  type CreateJailInput,
  type Jail,
  type PlanEffect,
} from "../protocol";
import type { JailDriver, ProgressReporter } from "./driver";

/** The old change result, read off a plan's effects. */
export function changeResultOf(effects: readonly PlanEffect[], jail: Jail): ChangeResult {
  return {
    jail,
    appliedLive: effects.filter((e) => e.when !== "next-start").map((e) => e.field),
    appliedOnNextStart: effects.filter((e) => e.when === "next-start").map((e) => e.field),
  };
}

const present = (jail: Jail | null): Jail => {
  if (!jail) throw new AgentError("internal", "The plan left no jail behind");
  return jail;
};

/** create, change and destroy as a plan applied at once: one code path with jails.plan/apply. */
export function planDriven(driver: Pick<JailDriver, "plan" | "apply">) {
  return {
    /** Concurrent creates may plan the same free address: the one that loses plans again. */
    async createJail(input: CreateJailInput, progress: ProgressReporter): Promise<Jail> {
      const request = { kind: "create" as const, input: createJailInputSchema.parse(input) };
      for (let attempt = 1; ; attempt++) {
        try {
          return present(await driver.apply(await driver.plan(request), { progress }));
        } catch (error) {
          if (!(error instanceof AgentError && error.code === "stale_plan") || attempt === 3) throw error;
        }
      }
    },
    async changeJail(input: ChangeJailInput): Promise<ChangeResult> {
      const plan = await driver.plan({ kind: "change", input });
      return changeResultOf(plan.shown.effects, present(await driver.apply(plan, { progress: () => {} })));
    },
    async destroyJail(name: string): Promise<void> {
      await driver.apply(await driver.plan({ kind: "destroy", name }), { progress: () => {} });
    },
  };
}
