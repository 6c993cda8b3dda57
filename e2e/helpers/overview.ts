import type { Locator, Page } from "@playwright/test";

/**
 * Role-based handles on the overview: the host strip, the jail cards and the process tree
 * (the jail page shows the same tree). The tree is virtualized: only rows in view (plus a
 * margin) exist in the DOM, so narrow it with `searchProcesses` or `filterProcessesByJail`
 * before looking for a row far down.
 */

// ── Process tree ────────────────────────────────────────────────────────────

/** The treegrid named "Processes" (overview and jail page). */
export function processTree(page: Page): Locator {
  return page.getByRole("treegrid", { name: "Processes" });
}

/** Types into the search box (what "/" focuses); matches pid, command line, user or jail. */
export async function searchProcesses(page: Page, text: string): Promise<void> {
  await page.getByRole("searchbox", { name: "Search processes" }).fill(text);
}

/** `jail` is a jail's name, "host" for processes outside jails, or null for everything. */
export async function filterProcessesByJail(page: Page, jail: string | null): Promise<void> {
  await page.getByRole("combobox", { name: "Jail" }).selectOption(jail ?? "");
}

/** A process row; rows are named "pid PID COMMAND" (command is the short name, e.g. "nginx"). */
export function processRow(page: Page, pid: number): Locator {
  return processTree(page).getByRole("row", { name: new RegExp(`^pid ${pid} `) });
}

/** The collapsible row a jail's subtree hangs from, named "jail NAME". */
export function jailSubtreeRow(page: Page, jail: string): Locator {
  return processTree(page).getByRole("row", { name: `jail ${jail}`, exact: true });
}

/** A row's depth in the tree (aria-level, 1 = top). */
export async function rowLevel(row: Locator): Promise<number> {
  return Number(await row.getAttribute("aria-level"));
}

type TreePlace = { x: number; y: number };

/**
 * An init script (page.addInitScript): notes where the tree is in the first frame drawn with one
 * of its rows, i.e. as the HTML put it, before the page's scripts could fetch anything.
 */
export function noteFirstTreePlace(): void {
  const observer = new MutationObserver(() => {
    const tree = document.querySelector('[role="treegrid"][aria-label="Processes"]');
    if (!tree?.querySelector('[role="row"][aria-level]')) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const box = tree.getBoundingClientRect();
      (window as unknown as { stockadeFirstTreePlace?: TreePlace }).stockadeFirstTreePlace = { x: box.x + scrollX, y: box.y + scrollY };
    });
  });
  observer.observe(document, { childList: true, subtree: true });
}

/** Where the tree was first drawn (noteFirstTreePlace) and where it is now, in page coordinates. */
export async function treePlaces(page: Page): Promise<{ first: TreePlace; now: TreePlace }> {
  await page.waitForFunction(() => (window as unknown as { stockadeFirstTreePlace?: TreePlace }).stockadeFirstTreePlace !== undefined);
  return page.evaluate(() => {
    const box = document.querySelector('[role="treegrid"][aria-label="Processes"]')!.getBoundingClientRect();
    const first = (window as unknown as { stockadeFirstTreePlace: TreePlace }).stockadeFirstTreePlace;
    return { first, now: { x: box.x + scrollX, y: box.y + scrollY } };
  });
}

/** Opens the detail panel for a row (select, then Enter) and returns the panel. */
export async function openProcessDetails(row: Locator): Promise<Locator> {
  await row.click();
  await row.page().keyboard.press("Enter");
  return processDetails(row.page());
}

function processDetails(page: Page): Locator {
  return page.getByRole("region", { name: "Process details" });
}

/** "Live updates: Live", "…: Paused", "…: Agent offline. <message>", "…: Connecting…", "…: Disconnected. …". */
export function liveStatus(page: Page): Locator {
  return page.getByRole("status", { name: /^Live updates:/ });
}

// ── Host summary and jails panel (overview) ─────────────────────────────────

export function recordedHostBadge(page: Page): Locator {
  return page.getByRole("region", { name: "Host", exact: true }).getByText("Recorded FreeBSD host", { exact: true });
}

/** One jail's card in the jails panel (a list item named "jail NAME"). */
export function jailCard(page: Page, jail: string): Locator {
  return page.getByRole("region", { name: "Jails", exact: true }).getByRole("listitem", { name: `jail ${jail}`, exact: true });
}
