import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";

// The configuration part of a jail's page (open it with openJailPage in ./jails).

/** The "Defined in … · managed by …" line above a jail's parameters. */
export const configOrigin = (page: Page) => page.getByRole("region", { name: "Configuration file" });

/** The row of one parameter in the jail's parameter table (opened first: it is a disclosure). */
export async function parameterRow(page: Page, parameter: string) {
  const summary = page.getByText(/^All \d+ parameters$/);
  const details = page.locator("details", { has: summary });
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await summary.click();
  return page
    .getByRole("table", { name: "Parameters" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: parameter, exact: true }) });
}

/** The "Changed outside Stockade" panel of a drifted jail, and the row of one drifted parameter in it. */
export const driftPanel = (page: Page) => page.getByRole("region", { name: "Changed outside Stockade" });
export const driftRow = (page: Page, parameter: string) =>
  driftPanel(page)
    .getByRole("table", { name: "Drifted parameters" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: parameter, exact: true }) });

/** The "drifted" badge in a jail's row of the jails list. */
export const jailsListDriftBadge = (page: Page, jail: string) =>
  page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: jail, exact: true }) })
    .getByText("drifted", { exact: true });

/** A copy of a recorded host directory the test may edit behind the agent's back. */
export function copyRecordedHost(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stockade-e2e-recorded-"));
  fs.cpSync(source, dir, { recursive: true });
  return dir;
}

/** Rewrites a file of the recorded host's root, as someone editing it on the host would. */
export function editRecordedFile(dir: string, hostPath: string, edit: (text: string) => string): void {
  const file = path.join(dir, "root", hostPath);
  fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
}
