import { PERMISSIONS, hasAnywhere, isAllowed } from "@/server/auth/permissions";
import { requirePermission, router } from "../init";

export const sessionRouter = router({
  /** Who is signed in and what the shell may offer them. */
  me: requirePermission("signed-in").query(({ ctx }) => {
    const hostTarget = { kind: "host" as const, hostId: ctx.hostId };
    const onHost = PERMISSIONS.filter((permission) => isAllowed(ctx.viewer.grants, permission, hostTarget));
    const somewhere = PERMISSIONS.filter((permission) => hasAnywhere(ctx.viewer.grants, permission, ctx.hostId));
    return {
      id: ctx.viewer.id,
      username: ctx.viewer.username,
      name: ctx.viewer.name,
      permissionsOnHost: onHost,
      permissionsSomewhere: somewhere,
    };
  }),
});
