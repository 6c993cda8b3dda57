import { expect, type Locator, type Page } from "@playwright/test";
/** The labels of app/_components/nav-items.ts. */
type NavEntry = "Overview" | "Jails" | "Network" | "Console" | "Hosts" | "Audit" | "Team" | "Settings";

/** Where a page's level-1 heading differs from its nav entry's label. */
const HEADINGS: Partial<Record<NavEntry, string>> = { Audit: "Audit log" };

/** The main navigation (the shell's sidebar). */
export function mainNav(page: Page): Locator {
  return page.getByRole("navigation", { name: "Main" });
}

/** Follows a main-navigation entry by its link and waits for that page's heading. */
export async function navigate(page: Page, entry: NavEntry): Promise<void> {
  await mainNav(page).getByRole("link", { name: entry, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: HEADINGS[entry] ?? entry, exact: true })).toBeVisible();
}
