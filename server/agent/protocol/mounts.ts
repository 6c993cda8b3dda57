import { z } from "zod";

/**
 * Host directories a jail's definition names, mounted into it (read-only unless asked).
 * Paths are plain: LXC, mount(8) and /proc/self/mountinfo all split on blanks and commas.
 */
const PLAIN_PATH = /^\/[A-Za-z0-9_.+/-]*$/;

/** Never served into a jail: the kernel's views, host secrets and boot files (and all below them). */
export const FORBIDDEN_HOST_PATHS = ["/proc", "/sys", "/dev", "/etc", "/root", "/boot"] as const;
/** Inside the jail: its own kernel views and devices stay what LXC mounts. */
export const FORBIDDEN_JAIL_PATHS = ["/proc", "/sys", "/dev"] as const;

/** `dir` itself or anything below it. */
export const isWithin = (candidate: string, dir: string) => candidate === dir || candidate.startsWith(`${dir}/`);

/** A plain, normalized absolute path (not /) outside the forbidden directories. */
export function plainAbsolutePath(what: string, forbidden: readonly string[], refusal = "is mounted into a jail") {
  return (
    z
      .string()
      .max(512)
      .refine((p) => PLAIN_PATH.test(p), `${what} must be an absolute path of letters, digits and _ . + - /`)
      .refine((p) => !p.split("/").includes(".."), `${what} may not contain ".."`)
      .refine((p) => p !== "/", `${what} may not be /`)
      // Normalized: no empty or "." segment ("//", "/./", a trailing "/"), so the allow-list sees the real path.
      .refine(
        (p) =>
          p === "/" ||
          p
            .slice(1)
            .split("/")
            .every((s) => s !== "" && s !== "."),
        `${what} must be normalized (no "//", "/./" or trailing "/")`,
      )
      .refine((p) => !forbidden.some((dir) => isWithin(p, dir)), `${what} is refused: nothing under ${forbidden.join(", ")} ${refusal}`)
  );
}

export const hostMountSchema = z
  .object({
    hostPath: plainAbsolutePath("A host path", FORBIDDEN_HOST_PATHS),
    jailPath: plainAbsolutePath("A jail path", FORBIDDEN_JAIL_PATHS),
    readOnly: z.boolean().default(true),
  })
  .strict();

/**
 * A directory of the agent's own share directory, by name: the agent resolves it to
 * SHARE_DIR/NAME (made, with a README, if missing), so the web never names a host path for it.
 * Lower-case letters, digits, '_' and '-' only: no dot, so no "..", and no "/".
 */
export const shareNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Share names are 1–63 lower-case letters, digits, '_' or '-', starting with a letter or digit");

export const shareMountSchema = z
  .object({
    share: shareNameSchema,
    jailPath: plainAbsolutePath("A jail path", FORBIDDEN_JAIL_PATHS),
    readOnly: z.boolean().default(true),
  })
  .strict();

function distinctJailPaths<T extends { jailPath: string }>(mount: z.ZodType<T, unknown>) {
  return z
    .array(mount)
    .max(16)
    .refine((mounts) => new Set(mounts.map((m) => m.jailPath)).size === mounts.length, "Each jail path may be mounted once")
    .refine(
      (mounts) => !mounts.some((a) => mounts.some((b) => a !== b && isWithin(b.jailPath, a.jailPath))),
      "One host mount may not be nested inside another",
    );
}

/** What a definition records: every mount as the host path it is (a share already resolved). */
export const hostMountsSchema = distinctJailPaths(hostMountSchema);
/** What a create request may name: a host path, or one of the agent's shares. */
export const mountRequestsSchema = distinctJailPaths(z.union([hostMountSchema, shareMountSchema]));

export type HostMount = z.output<typeof hostMountSchema>;
export type HostMountInput = z.input<typeof hostMountSchema>;
export type ShareMount = z.output<typeof shareMountSchema>;
export type MountRequest = HostMount | ShareMount;
export const isShareMount = (m: MountRequest): m is ShareMount => "share" in m;
