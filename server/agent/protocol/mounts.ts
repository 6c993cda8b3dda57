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

export const hostMountsSchema = z
  .array(hostMountSchema)
  .max(16)
  .refine((mounts) => new Set(mounts.map((m) => m.jailPath)).size === mounts.length, "Each jail path may be mounted once")
  .refine(
    (mounts) => !mounts.some((a) => mounts.some((b) => a !== b && isWithin(b.jailPath, a.jailPath))),
    "One host mount may not be nested inside another",
  );

export type HostMount = z.output<typeof hostMountSchema>;
export type HostMountInput = z.input<typeof hostMountSchema>;
