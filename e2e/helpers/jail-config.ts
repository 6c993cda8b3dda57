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
