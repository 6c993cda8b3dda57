import type { Locator, Page } from "@playwright/test";
import { navigate } from "./navigate";

export const openNetwork = (page: Page) => navigate(page, "Network");

/** Rows of the IP table for one address (one per owner: the host, or each jail holding it). */
export function ipRows(page: Page, address: string): Locator {
  return page
    .getByRole("table", { name: "IP addresses" })
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: address, exact: true }) });
}
