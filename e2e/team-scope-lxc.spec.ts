import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { agentConnection } from "@/server/agent-client/connection";
import { changeJail, createJail, destroyJail, startJail } from "@/server/agent-client/methods";
import { e2eState } from "./fixtures/state";
import { consoleState, openConsole, sessionRows, socketAs } from "./helpers/console";
import { auditRow, openAuditLog } from "./helpers/audit";
import { jailActions, jailStateOnPage, jailsTable, jailsTableRow, openJailPage, power } from "./helpers/jails";
import { navigate } from "./helpers/navigate";
import { jailSubtreeRow, processTree, searchProcesses } from "./helpers/overview";
import { chooseOwnPassword, signIn } from "./helpers/session";
import { addUser, scopeUserTo } from "./helpers/team";

// Small busybox jails through the run's own agent; names and the tag are unique to this run.
const run = randomBytes(2).toString("hex");
const jail = (name: string) => `tm${run}-${name}`;
const [www1, dev1, dev2, dev3] = ["www1", "dev1", "dev2", "dev3"].map(jail) as [string, string, string, string];
const devTag = `dev-${run}`;
const agent = () => agentConnection(e2eState().agentSocket);

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await createJail(agent(), { name: www1, template: "busybox" });
  for (const name of [dev1, dev2]) await createJail(agent(), { name, template: "busybox", tags: [devTag] });
  await createJail(agent(), { name: dev3, template: "busybox" });
  for (const name of [www1, dev1]) await startJail(agent(), name);
});
test.afterAll(async () => {
  for (const name of [www1, dev1, dev2, dev3]) await destroyJail(agent(), name).catch(() => undefined);
});

async function newUserSignedIn(browser: Browser, username: string, oneTime: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, username, oneTime);
  await chooseOwnPassword(page, oneTime, `${username}'s own password`);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  return page;
}

test("grants per jail and per tag: what an operator and a viewer see and may do, disabling, and the audit log", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  await signIn(page, "admin", e2eState().adminPassword);
  await expect(page).toHaveURL(/\/$/, { timeout: 15_000 });
  const oscarOnce = await addUser(page, { username: "oscar", name: "Oscar Operator", role: "operator" });
  await scopeUserTo(page, "oscar", "operator", { jail: www1 });
  const vivOnce = await addUser(page, { username: "viv", name: "Viv Viewer", role: "viewer" });
  await scopeUserTo(page, "viv", "viewer", { tag: devTag });

  const oscar = await newUserSignedIn(browser, "oscar", oscarOnce);
  await test.step("the operator of www1 restarts it and opens its console; no destroy button, no host processes", async () => {
    await openJailPage(oscar, www1);
    await expect(jailStateOnPage(oscar)).toHaveText("running", { timeout: 20_000 });
    await power(oscar, www1, "Restart");
    await expect(jailActions(oscar, www1).getByRole("button", { name: /Destroy/ })).toHaveCount(0);
    await expect(oscar.getByRole("button", { name: /Destroy/ })).toHaveCount(0);
    await navigate(oscar, "Overview");
    await expect(jailSubtreeRow(oscar, www1)).toBeVisible({ timeout: 15_000 }); // the tree has loaded: www1's subtree
    await expect(jailSubtreeRow(oscar, dev1)).toHaveCount(0);
    await searchProcesses(oscar, "server-entry");
    await expect(processTree(oscar).getByRole("row", { name: /^pid \d+ node$/ })).toHaveCount(0);
    await openConsole(oscar, www1);
  });

  const viv = await newUserSignedIn(browser, "viv", vivOnce);
  await test.step("the viewer of the dev tag sees dev1 and dev2 only, watches a console but cannot type", async () => {
    await viv.goto("/jails");
    await expect(jailsTableRow(viv, dev1)).toBeVisible({ timeout: 20_000 });
    await expect(jailsTableRow(viv, dev2)).toBeVisible();
    await expect(jailsTable(viv).getByRole("link", { name: new RegExp(`^tm${run}-`) })).toHaveCount(2);
    await expect(viv.getByRole("button", { name: /selected$/ })).toHaveCount(0); // no bulk start/stop

    await openConsole(page, dev1); // the admin's shell, for the viewer to watch
    await openJailPage(viv, dev1);
    await expect(viv.getByRole("form", { name: "Add a tag" })).toHaveCount(0);
    await expect(viv.getByRole("button", { name: "Open console" })).toHaveCount(0);
    await expect(sessionRows(viv).first()).toBeVisible({ timeout: 15_000 });
    await expect(sessionRows(viv).first().getByRole("button", { name: "Attach" })).toHaveCount(0);
    await sessionRows(viv).first().getByRole("button", { name: "Watch" }).click();
    await expect(consoleState(viv)).toHaveText("Connected — watching read-only", { timeout: 15_000 });
    const socket = await socketAs(viv, baseURL!);
    const id = (await socket.emitWithAck("console:list", { jail: dev1 })) as { ok: boolean; data: { id: string }[] };
    const typed = await socket.emitWithAck("console:input", { jail: dev1, id: id.data[0]!.id, data: "echo typed\n" });
    expect(typed).toMatchObject({ ok: false, code: "FORBIDDEN", message: expect.stringContaining("console.interactive") });
    socket.close();
  });

  await test.step("tagging dev3 later shows it to the viewer without signing in again", async () => {
    await changeJail(agent(), { name: dev3, tags: [devTag] });
    await expect(async () => {
      await viv.goto("/jails");
      await expect(jailsTableRow(viv, dev3)).toBeVisible({ timeout: 3000 });
    }).toPass({ timeout: 30_000 });
  });

  await test.step("disabling the operator closes their open console within 2 s", async () => {
    await expect(consoleState(oscar)).toHaveText("Connected");
    await navigate(page, "Team");
    const started = Date.now();
    await page.getByRole("button", { name: "Disable oscar" }).click();
    await expect(consoleState(oscar)).not.toHaveText("Connected", { timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  await test.step("the audit page shows each action with its actor, and its CSV export holds the same rows", async () => {
    await openAuditLog(page);
    await expect(auditRow(page, "jails.restart", "oscar", www1)).toBeVisible();
    await expect(auditRow(page, "console.open", "oscar", www1)).toBeVisible();
    await expect(auditRow(page, "console.watch", "viv", dev1)).toBeVisible();
    await expect(auditRow(page, "grants.add", "admin", "oscar")).toBeVisible();
    await expect(auditRow(page, "team.setDisabled", "admin", "oscar")).toBeVisible();

    const shown = await page
      .getByRole("table")
      .locator("tbody tr")
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].slice(1, 4).map((td) => td.textContent?.trim() ?? "")));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const csv = fs
      .readFileSync((await (await download).path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(csv[0]).toBe("at,actor_id,actor,action,target_type,target,result,message,details,host");
    const exported = csv.slice(1).map((line) => line.split(","));
    expect(exported.length).toBeGreaterThanOrEqual(shown.length);
    // Every row the page shows is in the file (events written while exporting may add more at the top).
    for (const [actor, action, target] of shown) {
      const match = exported.find(([, , a, b, , t]) => a === actor && b === action && target!.includes(t!.replace(/^"|"$/g, "")));
      expect(match, `${actor} ${action} ${target} in the CSV`).toBeDefined();
    }
  });
});
