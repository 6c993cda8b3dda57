import type { Locator, Page } from "@playwright/test";
import { navigate } from "./navigate";

export const openAuditLog = (page: Page) => navigate(page, "Audit");

/** The newest audit row that contains every one of the texts (action, actor, target, result…). */
export function auditRow(page: Page, ...texts: string[]): Locator {
  return texts.reduce((rows, text) => rows.filter({ hasText: text }), page.getByRole("row")).first();
}
