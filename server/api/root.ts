import { createCallerFactory, router } from "./init";
import { auditRouter } from "./routers/audit";
import { hostRouter } from "./routers/host";
import { jailsRouter } from "./routers/jails";
import { processesRouter } from "./routers/processes";
import { sessionRouter } from "./routers/session";
import { teamRouter } from "./routers/team";
import { usageRouter } from "./routers/usage";

export const appRouter = router({
  session: sessionRouter,
  team: teamRouter,
  audit: auditRouter,
  host: hostRouter,
  jails: jailsRouter,
  processes: processesRouter,
  usage: usageRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
