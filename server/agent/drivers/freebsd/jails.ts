import { AgentError, ipv4Schema, ipv6Schema, jailNameSchema, jailParametersSchema, type Jail } from "../../protocol";
import type { DriverContext } from "./context";
import { fileDrift, jailDrift } from "./drift";
import type { ParsedConfValue, ParsedJailConf } from "./jail-conf-parse";
import { readHostConfiguration, type ConfiguredJail } from "./jail-conf-read";
import { JLS_ARGV, jlsFailure, parseJlsParameters, type JlsJail, type JlsValue } from "./parse-jls";
import { limitDrift, readJailRules } from "./rctl-drift";

/** Shown as their own Jail fields, not among the parameters. */
const IDENTITY_KEYS = new Set(["jid", "name", "path", "host.hostname", "ip4.addr", "ip6.addr", "dying"]);

export interface JailRecord {
  jail: Jail;
  conf: ConfiguredJail | null;
  running: JlsJail | null;
}

export async function readRunningJails(ctx: DriverContext): Promise<JlsJail[]> {
  const result = await ctx.runner.run(JLS_ARGV, { allowFailure: true });
  if (result.exitCode !== 0) throw jlsFailure(result);
  return parseJlsParameters(result.stdout);
}

/** One definition per name: the first, as jail(8) acts on it first. */
export async function readConfs(ctx: DriverContext): Promise<ConfiguredJail[]> {
  const { jails } = await readHostConfiguration(ctx);
  return jails.filter((jail, index) => jails.findIndex((other) => other.name === jail.name) === index);
}

/** "em0|192.0.2.11/32" → "192.0.2.11"; keeps only what the protocol accepts. */
function confAddresses(value: ParsedConfValue | undefined, family: "inet" | "inet6"): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  const schema = family === "inet" ? ipv4Schema : ipv6Schema;
  return items
    .map((item) => (item.split("|").at(-1) ?? "").split("/")[0]?.trim() ?? "")
    .filter((address) => schema.safeParse(address).success);
}

function scalarParameters(source: Record<string, JlsValue | ParsedConfValue>): Jail["parameters"] {
  const entries = Object.entries(source).filter(
    ([key, value]) => !IDENTITY_KEYS.has(key) && !Array.isArray(value) && jailParametersSchema.safeParse({ [key]: value }).success,
  );
  return Object.fromEntries(entries) as Jail["parameters"];
}

function configFields(conf: ConfiguredJail | null): Pick<Jail, "configFile" | "parameterSources" | "configProblems" | "managedBy"> {
  if (!conf) return {};
  const fields = { configFile: conf.configFile, parameterSources: conf.sources, configProblems: conf.problems };
  return conf.managedBy ? { ...fields, managedBy: conf.managedBy } : fields;
}

/** A running jail is compared with jls; a stopped one's file with the hash Stockade sealed it with. */
function driftFields(running: JlsJail | null, conf: ConfiguredJail | null): Pick<Jail, "drift"> {
  if (!conf) return {};
  if (running) return { drift: jailDrift(conf, running) };
  const drift = fileDrift(conf);
  return drift.length ? { drift } : {};
}

function toJail(name: string, running: JlsJail | null, conf: ConfiguredJail | null): Jail {
  const meta = conf?.meta ?? null;
  const confParams = conf?.parameters ?? {};
  const confHostname = confParams["host.hostname"];
  const confPathValue = confParams["path"];
  return {
    name,
    state: running ? (running.dying ? "dying" : "running") : "stopped",
    jid: running?.jid ?? null,
    initPid: null,
    hostname: running?.hostname ?? (typeof confHostname === "string" ? confHostname : ""),
    ipv4: running ? running.ipv4.filter((a) => ipv4Schema.safeParse(a).success) : confAddresses(confParams["ip4.addr"], "inet"),
    ipv6: running ? running.ipv6.filter((a) => ipv6Schema.safeParse(a).success) : confAddresses(confParams["ip6.addr"], "inet6"),
    path: running?.path ?? (typeof confPathValue === "string" ? confPathValue : ""),
    template: meta?.template ?? null,
    parameters: scalarParameters(running?.params ?? confParams),
    limits: meta?.limits ?? {},
    autostart: meta?.autostart ?? false,
    tags: meta?.tags ?? [],
    adopted: meta === null,
    ...configFields(conf),
    ...driftFields(running, conf),
  };
}

/** A running jail Stockade manages also drifts when its rctl rules differ from its limits. */
async function withLimitDrift(ctx: DriverContext, record: JailRecord): Promise<JailRecord> {
  const { jail, conf, running } = record;
  if (!running || running.dying || !conf?.meta) return record;
  const rules = await readJailRules(ctx, jail.name);
  if (!rules) return record;
  const drift = [...(jail.drift ?? []), ...limitDrift(conf.meta.limits, rules)].sort((a, b) => a.key.localeCompare(b.key));
  return { ...record, jail: { ...jail, drift } };
}

/** Running jails from jls, stopped ones from their conf files; sorted by name. */
export async function listJailRecords(ctx: DriverContext): Promise<JailRecord[]> {
  const [running, confs] = await Promise.all([readRunningJails(ctx), readConfs(ctx)]);
  const names = new Set([...running.map((j) => j.name), ...confs.map((c) => c.name)]);
  const records = [...names]
    .filter((name) => jailNameSchema.safeParse(name).success)
    .sort()
    .map((name) => {
      const live = running.find((j) => j.name === name) ?? null;
      const conf = confs.find((c) => c.name === name) ?? null;
      return { jail: toJail(name, live, conf), conf, running: live };
    });
  return Promise.all(records.map((record) => withLimitDrift(ctx, record)));
}

export async function findJailRecord(ctx: DriverContext, name: string): Promise<JailRecord> {
  const parsed = jailNameSchema.safeParse(name);
  if (!parsed.success) throw new AgentError("invalid_input", parsed.error.issues[0]?.message ?? "Invalid jail name");
  const record = (await listJailRecords(ctx)).find((r) => r.jail.name === name);
  if (!record) throw new AgentError("not_found", `No jail named ${name}`);
  return record;
}

/** The conf Stockade wrote for a jail; adopted jails have none the agent may rewrite. */
export function requireOwnConf(record: JailRecord): ParsedJailConf & { meta: NonNullable<ParsedJailConf["meta"]> } {
  const conf = record.conf;
  if (!conf) throw new AgentError("unsupported", `${record.jail.name} has no conf file in the jail.conf.d directory`);
  if (!conf.meta) throw new AgentError("unsupported", `${record.jail.name} was not created by Stockade; its conf is left alone`);
  return { ...conf, meta: conf.meta };
}

/** A jail defined twice: which block a write would mean is anyone's guess, so neither is written to. */
export function refuseDuplicate(record: JailRecord): void {
  const duplicate = record.conf?.duplicate;
  if (!duplicate) return;
  throw new AgentError(
    "conflict",
    `${record.jail.name} is not changed: ${duplicate.file} line ${duplicate.line}: ${duplicate.message}. Neither definition is written to; remove one by hand.`,
    { file: duplicate.file },
  );
}

/** The configuration jail(8) starts a jail from; adopted ones included, broken ones refused. */
export function startableConf(record: JailRecord): ConfiguredJail {
  const { conf, jail } = record;
  if (!conf) throw new AgentError("unsupported", `No jail.conf defines ${jail.name}: it can be stopped, not started`);
  const [problem] = conf.problems;
  if (problem)
    throw new AgentError("invalid_input", `jail(8) would refuse ${jail.name}: ${problem.file} line ${problem.line}: ${problem.message}`);
  return conf;
}

/** `jail -f FILE -r NAME` for a configured jail, `jail -r NAME` for one that only runs. */
export function removeArgv(record: JailRecord): string[] {
  const name = record.jail.name;
  return record.conf ? ["jail", "-f", record.conf.configFile, "-r", name] : ["jail", "-r", name];
}
