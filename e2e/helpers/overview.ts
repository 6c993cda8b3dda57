import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Role-based handles on the overview, jail and network pages. The process tree is
 * virtualized: only rows in view (plus a margin) exist in the DOM, so narrow it with
 * `searchProcesses` or `filterProcessesByJail` before looking for a row far down.
 */

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ── Process tree ────────────────────────────────────────────────────────────

/** The treegrid named "Processes" (overview and jail page). */
export function processTree(page: Page): Locator {
  return page.getByRole("treegrid", { name: "Processes" });
}

export function processSearch(page: Page): Locator {
  return page.getByRole("searchbox", { name: "Search processes" });
}

/** Types into the search box (what "/" focuses); matches pid, command line, user or jail. */
export async function searchProcesses(page: Page, text: string): Promise<void> {
  await processSearch(page).fill(text);
}

/** `jail` is a jail's name, "host" for processes outside jails, or null for everything. */
export async function filterProcessesByJail(page: Page, jail: string | null): Promise<void> {
  await page.getByRole("combobox", { name: "Jail" }).selectOption(jail ?? "");
}

export async function filterProcessesByUser(page: Page, user: string | null): Promise<void> {
  await page.getByRole("combobox", { name: "User" }).selectOption(user ?? "");
}

/** A process row; rows are named "pid PID COMMAND" (command is the short name, e.g. "nginx"). */
export function processRow(page: Page, pid: number): Locator {
  return processTree(page).getByRole("row", { name: new RegExp(`^pid ${pid} `) });
}

/** Every row (in the DOM) whose short command name is exactly `command`. */
export function processRowsByCommand(page: Page, command: string): Locator {
  return processTree(page).getByRole("row", { name: new RegExp(`^pid \\d+ ${escape(command)}$`) });
}

/** The collapsible row a jail's subtree hangs from, named "jail NAME". */
export function jailSubtreeRow(page: Page, jail: string): Locator {
  return processTree(page).getByRole("row", { name: `jail ${jail}`, exact: true });
}

/** A row's depth in the tree (aria-level, 1 = top). */
export async function rowLevel(row: Locator): Promise<number> {
  return Number(await row.getAttribute("aria-level"));
}

/** Expands or collapses a row by keyboard: select it, then → or ←. */
export async function setRowExpanded(row: Locator, expanded: boolean): Promise<void> {
  await row.click();
  await row.page().keyboard.press(expanded ? "ArrowRight" : "ArrowLeft");
  await expect(row).toHaveAttribute("aria-expanded", String(expanded));
}

export function sortBy(
  page: Page,
  column: "PID" | "Jail PID" | "User" | "State" | "CPU" | "Memory" | "Started" | "Command",
): Promise<void> {
  return processTree(page)
    .getByRole("columnheader")
    .getByRole("button", { name: new RegExp(`^${escape(column)}\\b`) })
    .click();
}

/** Opens the detail panel for a row (select, then Enter) and returns the panel. */
export async function openProcessDetails(row: Locator): Promise<Locator> {
  await row.click();
  await row.page().keyboard.press("Enter");
  return processDetails(row.page());
}

export function processDetails(page: Page): Locator {
  return page.getByRole("region", { name: "Process details" });
}

/** "Live updates: Live", "…: Paused", "…: Agent offline. <message>", "…: Connecting…", "…: Disconnected. …". */
export function liveStatus(page: Page): Locator {
  return page.getByRole("status", { name: /^Live updates:/ });
}

export function pauseLiveButton(page: Page): Locator {
  return page.getByRole("button", { name: /^(Pause|Resume) live updates$/ });
}

// ── Host summary and jails panel (overview) ─────────────────────────────────

export function hostSummary(page: Page): Locator {
  return page.getByRole("region", { name: "Host", exact: true });
}

export function recordedHostBadge(page: Page): Locator {
  return hostSummary(page).getByText("Recorded FreeBSD host", { exact: true });
}

export function jailsPanel(page: Page): Locator {
  return page.getByRole("region", { name: "Jails", exact: true });
}

/** One jail's card in the panel (a list item named "jail NAME"). */
export function jailCard(page: Page, jail: string): Locator {
  return jailsPanel(page).getByRole("listitem", { name: `jail ${jail}`, exact: true });
}

/** Usage-against-limit meters in a card or on the jail page: "Memory", "Processes", "CPU". */
export function limitMeter(scope: Locator, limit: "Memory" | "Processes" | "CPU"): Locator {
  return scope.getByRole("meter", { name: `${limit} against its limit` });
}

export async function openJailFromPanel(page: Page, jail: string): Promise<void> {
  await jailCard(page, jail).getByRole("link", { name: jail, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/jails/${escape(jail)}$`));
}

/** The jail page's top-level heading, "Jail NAME". */
export function jailHeading(page: Page, jail: string): Locator {
  return page.getByRole("heading", { level: 1, name: `Jail ${jail}` });
}

/** Posture findings on the jail page: list items starting with HIGH / MEDIUM / LOW. */
export function securityFindings(page: Page): Locator {
  return page.getByRole("list", { name: "Security findings" }).getByRole("listitem");
}

// ── Jails list and network ──────────────────────────────────────────────────

export function jailsTable(page: Page): Locator {
  return page.getByRole("table", { name: "Jails" });
}

export function jailsTableRow(page: Page, jail: string): Locator {
  return jailsTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: jail, exact: true }) });
}

export function ipTable(page: Page): Locator {
  return page.getByRole("table", { name: "IP addresses" });
}

/** Rows of the IP table for one address (one per owner: the host, or each jail holding it). */
export function ipRows(page: Page, address: string): Locator {
  return ipTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: address, exact: true }) });
}

export function poolTable(page: Page): Locator {
  return page.getByRole("table", { name: "Address pools" });
}

/** Conflicts and leftovers as list items, each starting with "conflict" or "leftover". */
export function networkProblems(page: Page): Locator {
  return page.getByRole("list", { name: "Network problems" }).getByRole("listitem");
}
