import { z } from "zod";

/** A jail name: no dots (a dot means a nested FreeBSD jail), no shell or path characters. */
export const jailNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "Jail names are 1–63 letters, digits, '_' or '-', starting with a letter or digit");

export const templateNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "Template names are 1–32 lower-case letters, digits, '_' or '-'");

export const tagSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,31}$/, "Tags are 1–32 lower-case letters, digits, '.', '_' or '-'");

/**
 * What inet_aton(3) would read as an address: up to four parts, each decimal, octal or hex
 * ("127.0.0.1", "999.1.1.1", "0x7f.1", "2130706433"). A host name like that resolves as an
 * address, or fails to, instead of naming the jail.
 */
export function looksLikeAddress(name: string): boolean {
  const parts = name.split(".");
  return parts.length <= 4 && parts.every((part) => /^(?:0x[0-9a-f]*|[0-9]+)$/i.test(part));
}

/** Linux keeps a host name in 64 bytes (the UTS namespace's __NEW_UTS_LEN): one limit on every platform. */
export const HOSTNAME_MAX = 64;

export const hostnameSchema = z
  .string()
  .max(HOSTNAME_MAX, `Host names are at most ${HOSTNAME_MAX} characters (the kernel's limit)`)
  .regex(
    /^(?=.{1,64}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
    "Host names are dot-separated labels of letters, digits and '-'",
  )
  .refine((name) => !looksLikeAddress(name), "A host name cannot be an IP address (or digits and dots only)");

export const ipv4Schema = z.ipv4();
export const ipv6Schema = z.ipv6();

export type JailName = z.infer<typeof jailNameSchema>;
