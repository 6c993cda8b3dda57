import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { findPostgresBin } from "@/prisma/test-support/postgres";
import { agentConnection } from "@/server/agent-client/connection";
import { createJail, destroyJail, listConsoles, startJail } from "@/server/agent-client/methods";
import { redisInstalled } from "@/tests/fleet/redis-server";
import { killWeb, startFleet, type Fleet, type FleetWeb } from "./fixtures/fleet";
import { consoleState, expectTerminalToShow, typeLine } from "./helpers/console";
import { jailStateOnPage, openJailPage } from "./helpers/jails";
import { signIn } from "./helpers/session";

// Two web processes on a PostgreSQL and a redis-server of this spec's own, behind a round-robin
// proxy; one agent and a real busybox jail with a prefix of this spec's own.
const jail = `stk-fha-${randomBytes(3).toString("hex")}`;
const postgresBin = findPostgresBin();
let fleet: Fleet;
const agent = () => agentConnection(fleet.agentSocket);

test.skip(!postgresBin || !redisInstalled(), "needs Debian's postgresql and redis-server");
test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  fleet = await startFleet(postgresBin!);
  await createJail(agent(), { name: jail, template: "busybox" });
  await startJail(agent(), jail);
});
test.afterAll(async () => {
  test.setTimeout(60_000);
  if (!fleet) return;
  await destroyJail(agent(), jail).catch(() => undefined);
  await fleet.stop();
});

/** The web process serving the page's live socket (the only websocket open through the proxy) and the other one. */
async function servingAndOther(): Promise<[FleetWeb, FleetWeb]> {
  await expect.poll(() => fleet.proxy.openWebsockets().length, { message: "one live socket open" }).toBe(1);
  const port = fleet.proxy.openWebsockets()[0];
  const [a, b] = fleet.webs;
  return a.port === port ? [a, b] : [b, a];
}

/** A tRPC mutation sent straight to one web process (not through the proxy) with the page's session cookie. */
async function mutateThrough(web: FleetWeb, page: Page, procedure: string, input: object): Promise<void> {
  const cookie = (await page.context().cookies(fleet.origin)).map((c) => `${c.name}=${c.value}`).join("; ");
  const response = await fetch(`${web.url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: fleet.origin, cookie },
    body: JSON.stringify({ json: input }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

test("two web processes behind a proxy: live updates cross them, and a console survives its web process dying", async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ baseURL: fleet.origin, viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await signIn(page, "admin", fleet.adminPassword);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  await openJailPage(page, jail);
  await expect(jailStateOnPage(page)).toHaveText("running");

  await test.step("a jail stopped and started through one web process shows live on a page served by the other", async () => {
    const [, other] = await servingAndOther();
    await mutateThrough(other, page, "jails.stop", { name: jail });
    await expect(jailStateOnPage(page)).toHaveText("stopped", { timeout: 30_000 });
    await mutateThrough(other, page, "jails.start", { name: jail });
    await expect(jailStateOnPage(page)).toHaveText("running", { timeout: 30_000 });
  });

  await test.step("the console's web process is killed: it reconnects through the other to the same shell", async () => {
    await page.getByRole("button", { name: "Open console" }).click();
    await expect(consoleState(page)).toHaveText("Connected", { timeout: 15_000 });
    await typeLine(page, jail, "echo BEFORE:$$:");
    const [, pid] = await expectTerminalToShow(page, jail, /BEFORE:(\d+):/);
    const [serving, other] = await servingAndOther();
    const [session] = await listConsoles(agent(), jail);

    await killWeb(serving);
    await expect(consoleState(page)).toHaveText("Connected", { timeout: 30_000 });
    expect(fleet.proxy.openWebsockets()).toEqual([other.port]);
    await typeLine(page, jail, "echo AFTER:$$:");
    await expectTerminalToShow(page, jail, new RegExp(`AFTER:${pid}:`));
    // What the terminal showed before the crash is still there, and the agent holds the one session it had.
    await expectTerminalToShow(page, jail, new RegExp(`BEFORE:${pid}:`));
    expect((await listConsoles(agent(), jail)).map((s) => [s.id, s.attached])).toEqual([[session!.id, 1]]);
  });
  await context.close();
});
