/**
 * Screenshots of every page at 1366×768, light and dark, into docs/screenshots/ (linked from
 * the README). Runs what a newcomer would see: a real agent with three busybox jails and a
 * production web process, drawn by Debian's chromium; the Hosts page also lists a second agent
 * over mTLS and a host refused as impersonation (screenshot-hosts.ts). `npm run screenshots` (as root).
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type BrowserContext } from "@playwright/test";
import playwrightConfig from "../playwright.config";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, startJail } from "@/server/agent-client/methods";
import { Cleanup } from "./bench/harness";
import { ensureBuild, startWebStack } from "./bench/web-stack";
import { enrolScreenshotHosts } from "./screenshot-hosts";

const OUT_DIR = path.join(import.meta.dirname, "..", "docs", "screenshots");
const PORT = Number(process.env.STOCKADE_SCREENSHOT_PORT ?? 3390);
const JAILS = [
  { name: "shot-web", tags: ["web"] },
  { name: "shot-db", tags: ["db"] },
  { name: "shot-ci", tags: ["ci"] },
];
const THEMES = ["light", "dark"] as const;

function pages(firstJail: string): { file: string; path: string }[] {
  return [
    { file: "overview", path: "/" },
    { file: "jails", path: "/jails" },
    { file: "jail", path: `/jails/${firstJail}` },
    { file: "network", path: "/network" },
    { file: "hosts", path: "/hosts" },
    { file: "audit", path: "/audit" },
    { file: "team", path: "/team" },
    { file: "settings", path: "/settings" },
    { file: "login", path: "/login" },
  ];
}

async function makeJails(cleanup: Cleanup, socket: string): Promise<void> {
  const agent = agentConnection(socket);
  for (const jail of JAILS) {
    await cleanup.adopt(
      () => createJail(agent, { name: jail.name, template: "busybox", tags: jail.tags }),
      async () => void (await destroyJail(agent, jail.name).catch(() => undefined)),
    );
    await startJail(agent, jail.name);
  }
}

async function signedInContext(theme: (typeof THEMES)[number], origin: string, cookie: string): Promise<BrowserContext> {
  const browser = await chromium.launch({
    ...playwrightConfig.use?.launchOptions,
    executablePath: process.env.STOCKADE_CHROMIUM ?? "/usr/bin/chromium",
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme: theme, baseURL: origin });
  await context.addInitScript((chosen) => localStorage.setItem("stockade-theme", chosen), theme);
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const [name, ...value] = pair.split("=");
      return { name: name!, value: value.join("="), url: origin };
    }),
  );
  context.on("close", () => void browser.close());
  return context;
}

async function shoot(context: BrowserContext, theme: string, targets: { file: string; path: string }[]): Promise<void> {
  const page = await context.newPage();
  for (const target of targets) {
    if (target.file === "login") await context.clearCookies();
    await page.goto(target.path);
    await page.waitForLoadState("networkidle").catch(() => undefined);
    // Live data and charts settle within a couple of seconds.
    await page.waitForTimeout(2_500);
    const file = path.join(OUT_DIR, `${target.file}-${theme}.png`);
    await page.screenshot({ path: file });
    console.log(`  ${path.relative(process.cwd(), file)}`);
  }
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  process.once("SIGINT", () => void cleanup.interrupt().finally(() => process.exit(130)));
  try {
    await ensureBuild((message) => console.log(message));
    const stack = await startWebStack(cleanup, PORT);
    await makeJails(cleanup, stack.agentSocket);
    await enrolScreenshotHosts(cleanup, stack.dataDir, PORT);
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const theme of THEMES) {
      const context = await signedInContext(theme, stack.origin, stack.cookie);
      await shoot(context, theme, pages(JAILS[0]!.name));
      await context.close();
    }
  } finally {
    await cleanup.run();
  }
}

await main();
