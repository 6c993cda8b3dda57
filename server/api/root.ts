import { createCallerFactory, router } from "./init";
import { auditRouter } from "./routers/audit";
import { consolesRouter } from "./routers/consoles";
import { grantsRouter } from "./routers/grants";
import { hostRouter } from "./routers/host";
import { hostsRouter } from "./routers/hosts";
import { jailsRouter } from "./routers/jails";
import { layoutRouter } from "./routers/layout";
import { processesRouter } from "./routers/processes";
import { sessionRouter } from "./routers/session";
import { tagsRouter } from "./routers/tags";
import { teamRouter } from "./routers/team";
import { tokensRouter } from "./routers/tokens";
import { usageRouter } from "./routers/usage";

export const appRouter = router({
  session: sessionRouter,
  team: teamRouter,
  grants: grantsRouter,
  tokens: tokensRouter,
  audit: auditRouter,
  host: hostRouter,
  hosts: hostsRouter,
  jails: jailsRouter,
  tags: tagsRouter,
  layout: layoutRouter,
  processes: processesRouter,
  usage: usageRouter,
  consoles: consolesRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
