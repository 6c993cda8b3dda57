import { z } from "zod";
import { jailNameSchema } from "./names";

/**
 * Debian Policy §5.6.1: at least two characters, lower-case letters, digits, '+', '-' and
 * '.', starting with a letter or digit (so a name can never be read as an option).
 */
export const debianPackageNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9+.-]{1,99}$/,
    "Debian package names are 2–100 lower-case letters, digits, '+', '-' or '.', starting with a letter or digit",
  );

/**
 * FreeBSD pkg names as the ports tree makes them (PKGNAMEPREFIX + PORTNAME + PKGNAMESUFFIX:
 * letters of either case, digits, '-', '_', '+', '.'), or an origin such as www/nginx.
 * No globs, no leading '-'.
 */
export const freebsdPackageNameSchema = z
  .string()
  .regex(
    /^(?:[a-z0-9][a-z0-9_-]{0,31}\/)?[A-Za-z0-9][A-Za-z0-9_+.-]{0,99}$/,
    "FreeBSD package names are letters, digits, '-', '_', '+' or '.', starting with a letter or digit (or an origin like www/nginx)",
  );

/** Either tool's names; the driver checks its own rule (a Debian jail refuses upper case). */
export const packageNameSchema = z.union([debianPackageNameSchema, freebsdPackageNameSchema], {
  error: "Not a package name: letters, digits, '-', '_', '+' or '.', starting with a letter or digit",
});

export const installPackagesInputSchema = z
  .object({
    name: jailNameSchema,
    packages: z.array(packageNameSchema).min(1, "Name at least one package").max(64),
  })
  .strict();

export const installPackagesResultSchema = z.object({
  jail: jailNameSchema,
  /** The packages that were downloaded and installed (the named ones and their dependencies). */
  installed: z.array(z.string()),
  output: z.string(),
});

/** Absolute, no '..', no NUL or line breaks: a path inside the jail, written from inside it. */
export const jailFilePathSchema = z
  .string()
  .max(1024)
  .regex(/^\/[A-Za-z0-9._+@/-]*$/, "File paths are absolute and made of letters, digits, '.', '_', '+', '@', '-' and '/'")
  .refine((p) => !p.split("/").includes(".."), "File paths cannot contain '..'");

export const writeJailFileInputSchema = z
  .object({
    name: jailNameSchema,
    path: jailFilePathSchema,
    content: z.string().max(256 * 1024),
    /** Octal permission bits, e.g. "0644" or "0755". */
    mode: z
      .string()
      .regex(/^0?[0-7]{3}$/, "Modes are octal permission bits like 0644")
      .default("0644"),
  })
  .strict();

export const writeJailFileResultSchema = z.object({ jail: jailNameSchema, path: z.string(), bytes: z.number().int() });

export type InstallPackagesInput = z.input<typeof installPackagesInputSchema>;
export type InstallPackagesResult = z.infer<typeof installPackagesResultSchema>;
export type WriteJailFileInput = z.input<typeof writeJailFileInputSchema>;
export type WriteJailFileResult = z.infer<typeof writeJailFileResultSchema>;
