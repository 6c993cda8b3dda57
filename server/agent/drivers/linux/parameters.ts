import { AgentError, type JailParameters } from "../../protocol";

interface Rule {
  type: "boolean";
  description: string;
  /** Fixed when the jail is made: changing it means rebuilding how the jail is contained. */
  createOnly?: boolean;
}

/**
 * The only parameters the Linux driver accepts. Anything an LXC key could express is not
 * offered on purpose: a free-form key would let a caller turn off the isolation itself.
 */
const ALLOWED: Record<string, Rule> = {
  "allow.raw_sockets": { type: "boolean", description: "false drops CAP_NET_RAW (no ping, no packet sockets)" },
  privileged: {
    type: "boolean",
    description: "true runs the jail without a user namespace: its root is the host's root (only when a workload cannot run otherwise)",
    createOnly: true,
  },
};

export function checkParameters(parameters: JailParameters | undefined): JailParameters {
  const checked: JailParameters = {};
  for (const [key, value] of Object.entries(parameters ?? {})) {
    const rule = ALLOWED[key];
    if (!rule) {
      throw new AgentError(
        "invalid_input",
        `Unknown parameter "${key}": the Linux driver accepts only ${Object.keys(ALLOWED).join(", ")}`,
        {
          field: `parameters.${key}`,
          allowed: Object.keys(ALLOWED),
        },
      );
    }
    if (typeof value !== rule.type) {
      throw new AgentError("invalid_input", `Parameter "${key}" must be a ${rule.type} (${rule.description})`, {
        field: `parameters.${key}`,
      });
    }
    checked[key] = value;
  }
  return checked;
}

/** A change may not touch create-only parameters: privileged → unprivileged is a migration. */
export function checkChangedParameters(parameters: JailParameters | undefined): JailParameters {
  const checked = checkParameters(parameters);
  const fixed = Object.keys(checked).find((key) => ALLOWED[key]?.createOnly);
  if (fixed) {
    throw new AgentError(
      "invalid_input",
      fixed === "privileged"
        ? 'Parameter "privileged" is fixed when a jail is created; a privileged jail becomes unprivileged through an unprivilege plan (jails.plan { kind: "unprivilege", name }, then jails.applyPlan; the jail page\'s "Make unprivileged…")'
        : `Parameter "${fixed}" is fixed when a jail is created`,
      { field: `parameters.${fixed}` },
    );
  }
  return checked;
}

export const isPrivilegedRequest = (parameters: JailParameters): boolean => parameters.privileged === true;
