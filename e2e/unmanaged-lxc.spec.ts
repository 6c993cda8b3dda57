import { expect, test } from "@playwright/test";
import { lxcAvailable, startBusyboxContainer, type BusyboxContainer } from "@/tests/agent/lxc-container";
import { e2eState } from "./fixtures/state";
import { openProcessDetails, processTree, rowLevel, searchProcesses } from "./helpers/overview";
import { signIn } from "./helpers/session";

// A container made with plain lxc-create in its own LXC path, beside the run's agent: not a jail.
let container: BusyboxContainer | undefined;
let sleeper: ReturnType<BusyboxContainer["attach"]> | undefined;

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 1366, height: 768 } });

test.beforeAll(async () => {
  test.skip(!(await lxcAvailable()), "needs root and LXC");
  container = await startBusyboxContainer("stke2eunm");
  sleeper = container.attach(["/bin/sleep", "303"]);
});
test.afterAll(async () => {
  sleeper?.kill("SIGKILL");
  await container?.destroy();
});

test("a container Stockade does not manage is marked in the tree with its LXC path, and offers no signal", async ({ page }) => {
  const { name, lxcPath } = container!;
  await signIn(page, "admin", e2eState().adminPassword);
  await searchProcesses(page, "sleep 303");
  const group = processTree(page).getByRole("row", { name: `unmanaged container ${name}`, exact: true });
  await expect(group).toBeVisible({ timeout: 10_000 });
  await expect(group).toContainText(lxcPath);
  const sleep = processTree(page).getByRole("row", { name: /^pid \d+ sleep$/ });
  await expect(sleep).toBeVisible();
  expect(await rowLevel(sleep)).toBeGreaterThan(await rowLevel(group));

  const processDetails = await openProcessDetails(sleep);
  await expect(processDetails).toContainText(`container ${name}, which Stockade does not manage`);
  await expect(processDetails.getByRole("button", { name: "Send…" })).toHaveCount(0);

  const containerDetails = await openProcessDetails(group);
  await expect(containerDetails).toContainText(lxcPath);
  await expect(containerDetails).toContainText("does not start, stop, signal or change it");
  await expect(containerDetails.getByRole("button", { name: "Send…" })).toHaveCount(0);
});
