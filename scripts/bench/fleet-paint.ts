/**
 * The fleet overview (the Hosts page) in Debian's chromium: sign in through the form, then time
 * navigation start → every host's row and jail list on screen, as answered by the host monitor.
 */
import { chromium, type Page } from "@playwright/test";
import playwrightConfig from "../../playwright.config";
import { signIn } from "../../e2e/helpers/session";
import type { Cleanup } from "./harness";
import type { WebStack } from "./web-stack";

export interface FleetPaint {
  /** ms from navigation start until every host shows as reachable with its jails. */
  shown: number;
  /** first contentful paint, ms after navigation start. */
  paint: number;
}

/**
 * Runs before any page script: notes when `hosts` reachable rows and their jail lists are in the
 * document. No named inner functions: tsx would wrap them in a helper the page does not have.
 */
function watchHosts(hosts: number): void {
  const page = window as unknown as { stockadeFleetShownAt?: number };
  if (page.stockadeFleetShownAt !== undefined) return;
  const observer = new MutationObserver(() => {
    const rows = [...document.querySelectorAll("tbody tr")].filter((row) =>
      [...row.querySelectorAll("td span")].some((label) => label.textContent === "reachable"),
    );
    if (rows.length < hosts || document.querySelectorAll('section[aria-labelledby^="host-jails-"]').length < hosts) return;
    page.stockadeFleetShownAt = performance.now();
    observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

async function navigate(page: Page, origin: string): Promise<FleetPaint> {
  await page.goto(`${origin}/hosts`, { waitUntil: "commit" });
  await page
    .waitForFunction(() => (window as unknown as { stockadeFleetShownAt?: number }).stockadeFleetShownAt !== undefined, null, {
      timeout: 30_000,
      polling: 20,
    })
    .catch(async (error: Error) => {
      const labels = await page.locator("tbody tr td span").allTextContents();
      const sections = await page.locator('section[aria-labelledby^="host-jails-"]').count();
      throw new Error(`${error.message}\nthe Hosts page at ${page.url()} shows ${sections} jail lists; labels: ${labels.join(", ")}`);
    });
  return page.evaluate(() => ({
    shown: (window as unknown as { stockadeFleetShownAt: number }).stockadeFleetShownAt,
    paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
  }));
}

/** `runs` timed loads of the Hosts page with `hosts` hosts (this machine included), after one warm-up load. */
export async function timeFleetOverview(stack: WebStack, hosts: number, runs: number, cleanup: Cleanup): Promise<FleetPaint[]> {
  const browser = await cleanup.adopt(
    () => chromium.launch({ ...playwrightConfig.use?.launchOptions, executablePath: process.env.STOCKADE_CHROMIUM ?? "/usr/bin/chromium" }),
    (started) => started.close(),
  );
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, baseURL: stack.origin });
  await page.addInitScript(watchHosts, hosts);
  await signIn(page, "admin", stack.adminPassword);
  await page.waitForURL(`${stack.origin}/`);
  await navigate(page, stack.origin);
  const results: FleetPaint[] = [];
  for (let i = 0; i < runs && !cleanup.interrupted; i++) results.push(await navigate(page, stack.origin));
  return results;
}
