/**
 * The roles table of design.md, written out independently of server/auth/permissions.ts, and a
 * check that walks every procedure of a router and compares what each caller gets with it.
 */
type Role = "admin" | "operator" | "viewer";

export const DESIGN_ROLES: Record<string, readonly Role[]> = {
  "jails.view": ["admin", "operator", "viewer"],
  "host.processes.view": ["admin"],
  "jails.power": ["admin", "operator"],
  "console.interactive": ["admin", "operator"],
  "console.watch": ["admin", "operator", "viewer"],
  "processes.signal": ["admin", "operator"],
  "jails.manage": ["admin"],
  "network.manage": ["admin"],
  "team.manage": ["admin"],
  "audit.view": ["admin", "operator"],
  "hosts.manage": ["admin"],
};

export interface MatrixCaller {
  label: string;
  /** null: not signed in. A role with `scope: "host"` holds it on the host, else on the in-scope jail only. */
  role: Role | null;
  scope: "host" | "jail";
  call: (path: string, input: unknown) => Promise<unknown>;
}

export type Outcome = "unauthorized" | "refused" | "passed";

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return "passed";
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === "UNAUTHORIZED") return "unauthorized";
    if (code === "FORBIDDEN" && message?.startsWith("You do not have permission")) return "refused";
    return "passed"; // got past the permission check (then refused by input validation, the agent …)
  }
}

export function expected(caller: Pick<MatrixCaller, "role" | "scope">, permission: string, scope: string, inScope: boolean): Outcome {
  if (caller.role === null) return "unauthorized";
  if (permission === "signed-in" || permission === "own-password") return "passed";
  if (!(DESIGN_ROLES[permission] ?? []).includes(caller.role)) return "refused";
  if (caller.scope === "host") return "passed";
  if (scope === "anywhere") return "passed";
  if (scope === "host") return "refused";
  return inScope ? "passed" : "refused";
}

interface ProcedureLike {
  _def: { type?: string; meta?: { permission?: string; scope?: string } };
}

/** Every mismatch between what a caller got and what the design says, as readable lines. */
export async function authorizationMismatches(
  procedures: Record<string, ProcedureLike>,
  callers: MatrixCaller[],
  jails: { inScope: string; outOfScope: string },
): Promise<string[]> {
  const mismatches: string[] = [];
  for (const [path, procedure] of Object.entries(procedures)) {
    const { permission, scope } = procedure._def.meta ?? {};
    if (!permission || !scope) {
      mismatches.push(`${path}: declares no permission`);
      continue;
    }
    for (const caller of callers) {
      for (const [jail, inScope] of [
        [jails.inScope, true],
        [jails.outOfScope, false],
      ] as const) {
        const got = await outcomeOf(() => caller.call(path, { name: jail, jail, confirmName: jail, id: "matrix-no-such-id" }));
        const want = expected(caller, permission, scope, inScope);
        if (got !== want)
          mismatches.push(`${path} (${permission}, ${scope}) as ${caller.label} on ${jail}: got ${got}, design says ${want}`);
      }
    }
  }
  return mismatches;
}
