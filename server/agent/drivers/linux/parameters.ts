import { AgentError, type JailParameters } from "../../protocol";

/**
 * The only parameters the Linux driver accepts. Anything an LXC key could express is not
 * offered on purpose: a free-form key would let a caller turn off the isolation itself.
 */
const ALLOWED: Record<string, { type: "boolean"; description: string }> = {
  "allow.raw_sockets": { type: "boolean", description: "false drops CAP_NET_RAW (no ping, no packet sockets)" },
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
