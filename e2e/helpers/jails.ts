import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Locator, type Page } from "@playwright/test";
import { cgroupDir } from "@/server/agent/drivers/linux/cgroup";
import { navigate } from "./navigate";

/**
 * Role-based handles on jails: the jail page, the create form, plans, lifecycle buttons, bulk
 * actions on the jails list, limits, destroy, and signalling from the process tree.
 */

const run = promisify(execFile);

// ── Jail page ───────────────────────────────────────────────────────────────

/** A jail's own page, opened by URL. */
/** Opens a jail's page and waits until it has loaded: its first query reads the agent's whole jail list. */
export async function openJailPage(page: Page, name: string): Promise<void> {
  await page.goto(`/jails/${encodeURIComponent(name)}`);
  await expect(page.getByRole("heading", { level: 1, name: `Jail ${name}` })).toBeVisible({ timeout: 15_000 });
}

/** A usage chart on the jail page, by its figure's label ("Processes", "Memory (cgroup)"…). */
export function usageChart(page: Page, figure: string): Locator {
  return page.getByRole("img", { name: new RegExp(`^${figure.replace(/[()]/g, "\\$&")}: latest`) });
}

// ── Create form ─────────────────────────────────────────────────────────────

export async function openNewJailForm(page: Page): Promise<Locator> {
  await navigate(page, "Jails");
  await page.getByRole("link", { name: "New jail" }).click();
  await expect(page).toHaveURL(/\/jails\/new$/);
  return page.getByRole("form", { name: "New jail" });
}

/** A form field by its label; its error is the alert right under it. */
export function formField(form: Locator, label: string): Locator {
  return form.getByLabel(label, { exact: true });
}

export async function fieldError(form: Locator, label: string): Promise<string> {
  const id = await formField(form, label).getAttribute("aria-describedby");
  const errorId = id?.split(" ").find((part) => part.endsWith("-error"));
  return (await form.page().locator(`[id="${errorId}"]`).textContent()) ?? "";
}

export async function fillNewJail(form: Locator, jail: { name: string; template: string; tags?: string; memoryMiB?: string }) {
  await formField(form, "Name").fill(jail.name);
  await formField(form, "Template").selectOption(jail.template);
  if (jail.tags) await formField(form, "Tags").fill(jail.tags);
  if (jail.memoryMiB) await formField(form, "Memory (MiB)").fill(jail.memoryMiB);
}

// ── Plans ───────────────────────────────────────────────────────────────────

/** The plan on screen: "Plan: create NAME", "Plan: change NAME", "Plan: destroy NAME". */
export function plan(
  page: Page | Locator,
  kind: "create" | "change" | "destroy" | "move" | "unprivilege" | "adopt",
  jail: string,
): Locator {
  return page.getByRole("region", { name: `Plan: ${kind} ${jail}` });
}

/** The diff of the plan's main file, or of `file` when the plan writes several. */
export function planDiff(planView: Locator, file?: string): Locator {
  if (file) return planView.getByRole("region", { name: `Configuration change: ${file}`, exact: true });
  return planView.getByRole("region", { name: /^Configuration change/ }).first();
}

export function planCommands(planView: Locator): Locator {
  return planView.getByRole("region", { name: "Commands" }).getByRole("listitem");
}

// ── Lifecycle ───────────────────────────────────────────────────────────────

export function jailActions(page: Page | Locator, jail: string): Locator {
  return page.getByRole("group", { name: `Actions for ${jail}` });
}

export function bootOutput(page: Page, jail: string): Locator {
  return page.getByRole("region", { name: `Boot output of ${jail}` });
}

export function jailStateOnPage(page: Page): Locator {
  return page.locator("header").getByText(/^(running|stopped|starting|stopping|dying|unknown)$/);
}

/**
 * The jail page header's Init PID (Linux jails), or null where it shows none. The jail's header is
 * the one in main (the first header is the app's top bar), read as textContent (innerText follows
 * the label's CSS upper case): reading either wrong found no PID, so restarts were not waited for.
 */
async function initPidOnPage(page: Page): Promise<string | null> {
  return /Init PID\s*(\d+)/.exec((await page.locator("main header").first().textContent()) ?? "")?.[1] ?? null;
}

/** Clicks Start/Stop/Restart on the jail page and waits for the state it leads to. */
export async function power(page: Page, jail: string, action: "Start" | "Stop" | "Restart") {
  // A restart starts and ends "running": it is done when the jail runs under a new init.
  const before = action === "Restart" ? await initPidOnPage(page) : null;
  if (action === "Restart") expect(before, `${jail}'s init PID on its page before the restart`).not.toBeNull();
  await jailActions(page, jail).getByRole("button", { name: action, exact: true }).click();
  if (before) {
    await expect
      .poll(async () => ((await initPidOnPage(page)) ?? before) !== before, { timeout: 60_000, message: `${jail} restarted` })
      .toBe(true);
  }
  await expect(jailStateOnPage(page)).toHaveText(action === "Stop" ? "stopped" : "running", { timeout: 60_000 });
}

// ── Jails list ──────────────────────────────────────────────────────────────

export function jailsTable(page: Page): Locator {
  return page.getByRole("table", { name: "Jails" });
}

/** The jails list's row for one jail (found by the link to its page). */
export function jailsTableRow(page: Page, jail: string): Locator {
  return jailsTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: jail, exact: true }) });
}

/** Clicks a compact Start/Stop/Restart (named "Stop NAME"…) in the jails list's row and waits for the row's state. */
export async function powerFromJailsList(page: Page, jail: string, action: "Start" | "Stop") {
  const row = jailsTableRow(page, jail);
  await row.getByRole("button", { name: `${action} ${jail}`, exact: true }).click();
  await expect(row.getByText(action === "Stop" ? "stopped" : "running", { exact: true })).toBeVisible({ timeout: 60_000 });
}

// ── Bulk ────────────────────────────────────────────────────────────────────

export function bulkActions(page: Page): Locator {
  return page.getByRole("toolbar", { name: "Bulk actions" });
}

export async function selectJailsByTag(page: Page, tag: string) {
  await bulkActions(page).getByLabel("Select by tag").selectOption(tag);
}

/** One row per jail of the last bulk action, named "JAIL: ok|failed|denied". */
export function bulkResult(page: Page, jail: string): Locator {
  return page.getByRole("table", { name: "Bulk results" }).getByRole("row", { name: new RegExp(`^${jail}: `) });
}

// ── Limits, destroy ─────────────────────────────────────────────────────────

export function limitsForm(page: Page): Locator {
  return page.getByRole("form", { name: "Change limits" });
}

export async function destroyFromJailPage(page: Page, jail: string) {
  await jailActions(page, jail).getByRole("button", { name: "Destroy…" }).click();
  const dialog = page.getByRole("dialog", { name: `Destroy jail ${jail}` });
  const destroyPlan = plan(dialog, "destroy", jail);
  await expect(planCommands(destroyPlan).first()).toBeVisible();
  const confirm = destroyPlan.getByRole("button", { name: `Destroy ${jail}` });
  await expect(confirm).toBeDisabled();
  await destroyPlan.getByLabel(`Type ${jail} to confirm destroying it`).fill(jail);
  await confirm.click();
}

// ── Signals ─────────────────────────────────────────────────────────────────

/** In an open process detail panel: pick the signal, Send…, and confirm in the dialog naming the process. */
export async function sendSignal(details: Locator, signal: "TERM" | "KILL" | "HUP" | "INT", confirmText: RegExp) {
  await details.getByLabel("Signal").selectOption(signal);
  await details.getByRole("button", { name: "Send…" }).click();
  const dialog = details.page().getByRole("dialog", { name: new RegExp(`^Send ${signal} to process \\d+$`) });
  await expect(dialog).toContainText(confirmText);
  await dialog.getByRole("button", { name: `Send ${signal}` }).click();
  await expect(dialog).toBeHidden();
}

// ── LXC, as the host sees it ────────────────────────────────────────────────

/** A container's state as LXC itself reports it (`lxc-info -s`): RUNNING, STOPPED… */
export async function lxcState(lxcPath: string, name: string): Promise<string> {
  const { stdout } = await run("lxc-info", ["-P", lxcPath, "-n", name, "-s"]);
  return /State:\s+(\S+)/.exec(stdout)?.[1] ?? "";
}

/** The memory limit the kernel holds for a process (a jail's init), in bytes: its memory cgroup's, v1 or v2. */
export async function kernelMemoryLimit(pid: number): Promise<number> {
  const v1 = await cgroupDir(pid, "memory", 1);
  const file = v1 ? path.join(v1, "memory.limit_in_bytes") : path.join((await cgroupDir(pid, "memory", 2))!, "memory.max");
  return Number((await readFile(file, "utf8")).trim());
}

/** `lxc-ls -P <the run's LXC path> -1`: the containers that really exist. */
export async function lxcContainers(lxcPath: string): Promise<string[]> {
  const { stdout } = await run("lxc-ls", ["-P", lxcPath, "-1"]);
  return stdout.split("\n").filter(Boolean);
}

/** Starts a marked sleep inside a running jail, from the host (lxc-attach), as its admin would. */
export async function startMarkedSleep(lxcPath: string, jail: string, marker: string, seconds = 300) {
  // "; true" keeps the shell from exec-ing sleep, so its command line keeps the marker.
  const script = `sh -c 'sleep ${seconds}; true' ${marker} >/dev/null 2>&1 &`;
  await run("lxc-attach", ["-P", lxcPath, "-n", jail, "--", "sh", "-c", script]);
}

/** As an admin would, without Stockade: a privileged busybox container with no network, and a file in its rootfs. */
export async function lxcCreatePlain(lxcPath: string, name: string, marker: { file: string; text: string }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "stockade-e2e-plain-"));
  const conf = path.join(dir, "plain.conf");
  await writeFile(conf, "lxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\n");
  await run("lxc-create", ["-P", lxcPath, "-n", name, "-t", "busybox", "-f", conf]);
  await rm(dir, { recursive: true, force: true });
  const file = path.join(lxcPath, name, "rootfs", marker.file);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, marker.text);
}

/** A file inside a running container, read with lxc-attach from the host. */
export async function lxcReadFile(lxcPath: string, name: string, file: string): Promise<string> {
  return (await run("lxc-attach", ["-P", lxcPath, "-n", name, "--", "cat", file])).stdout;
}

/** An rc script in a stopped jail's rootfs that greets on start: busybox init prints "Starting S50hello", then the greeting. */
export async function installGreetingRc(lxcPath: string, jail: string, greeting: string) {
  const script = path.join(lxcPath, jail, "rootfs", "etc", "init.d", "S50hello");
  await writeFile(script, `#!/bin/sh\ncase "$1" in\n  start) echo "${greeting}" ;;\nesac\n`);
  await chmod(script, 0o755);
}

/** Stops (if running) and removes a container, as the test's cleanup. */
export async function lxcDestroy(lxcPath: string, name: string) {
  await run("lxc-destroy", ["-P", lxcPath, "-n", name, "-f"]);
}
