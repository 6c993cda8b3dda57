import path from "node:path";
import type { PtySpawner } from "../shared/pty";
import { describeNetwork, type Pool } from "../shared/ip-pool";
import { AddressBook } from "./address-book";
import { freebsdJournal, type FreebsdJournal } from "./journal";
import type { CommandRunner } from "./runner";

export type FreebsdTemplate =
  /** Copy an existing userland directory (cp -a SRC/ DEST). */
  | { kind: "userland"; source: string; description: string }
  /** Extract a base.txz the admin put on the host (tar -x -f ARCHIVE -C DEST). */
  | { kind: "archive"; archive: string; description: string }
  /** Mount a read-only base over nullfs, with writable copies of etc, root, tmp, var, usr/local. */
  | { kind: "thin"; base: string; description: string };

export interface AddressPoolConfig {
  cidr: string;
  gateway?: string | null;
}

export interface Clock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface FreebsdDriverOptions {
  runner: CommandRunner;
  /** The configuration plain `jail -c NAME` reads; jails defined there are adopted. */
  mainConf?: string;
  confDir?: string;
  /** BastilleBSD's jails directory: each NAME/jail.conf there is a jail Bastille manages. */
  bastilleJailsDir?: string;
  jailsRoot?: string;
  /** The host interface jail addresses are aliased on (ip4.addr = "IFACE|ADDR/32"). */
  interface: string;
  pool?: AddressPoolConfig | null;
  templates?: Record<string, FreebsdTemplate>;
  consoleLogDir?: string;
  /** Lets requests set host-side parameters (exec.pre*, mount…); off unless the admin opts in. */
  allowHostSideParameters?: boolean;
  ptySpawner?: PtySpawner;
  clock?: Clock;
  pollIntervalMs?: number;
  recorded?: boolean;
  /** Where operations in progress are journaled (one file per jail), for recovery after a crash. */
  journalDir?: string;
  /** Recovery's reports: what it finished or rolled back, what it could not. */
  log?: { warn(details: object, message: string): void; error(details: object, message: string): void };
}

export interface DriverContext {
  runner: CommandRunner;
  mainConf: string;
  confDir: string;
  bastilleJailsDir: string;
  jailsRoot: string;
  interface: string;
  pool: Pool | null;
  templates: Record<string, FreebsdTemplate>;
  consoleLogDir: string;
  allowHostSideParameters: boolean;
  /** One per driver: serializes address choices and holds those of creates in progress. */
  addresses: AddressBook;
  journal: FreebsdJournal;
}

export function createContext(options: FreebsdDriverOptions): DriverContext {
  return {
    runner: options.runner,
    mainConf: options.mainConf ?? "/etc/jail.conf",
    bastilleJailsDir: options.bastilleJailsDir ?? "/usr/local/bastille/jails",
    confDir: options.confDir ?? "/etc/jail.conf.d",
    jailsRoot: path.posix.resolve(options.jailsRoot ?? "/usr/local/jails"),
    interface: options.interface,
    pool: options.pool ? describeNetwork(options.pool.cidr, options.pool.gateway) : null,
    templates: options.templates ?? {},
    consoleLogDir: options.consoleLogDir ?? "/var/log",
    allowHostSideParameters: options.allowHostSideParameters ?? false,
    addresses: new AddressBook(),
    journal: freebsdJournal(options.runner, options.journalDir ?? "/var/db/stockade/operations"),
  };
}

export function confPath(ctx: DriverContext, name: string): string {
  return path.posix.join(ctx.confDir, `${name}.conf`);
}

export function consoleLogPath(ctx: DriverContext, name: string): string {
  return path.posix.join(ctx.consoleLogDir, `jail_console_${name}.log`);
}

/** The only directory a jail's files may live in; destroy removes nothing else. */
export function jailRootPath(ctx: DriverContext, name: string): string {
  return path.posix.join(ctx.jailsRoot, name);
}

/** Writable directories of a thin jail; "NAME.data" cannot clash with a jail name (no dots). */
export function thinDataPath(ctx: DriverContext, name: string): string {
  return path.posix.join(ctx.jailsRoot, `${name}.data`);
}
