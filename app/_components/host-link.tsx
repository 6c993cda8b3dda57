"use client";

import Link from "next/link";
import type { ComponentProps } from "react";
import { withHost } from "@/app/_lib/host-param";
import { useHost } from "@/app/_lib/use-host";

/** A link to another page about the current page's host: it keeps `?host=` (app/_lib/host-param.ts). */
export function HostLink({ href, ...props }: Omit<ComponentProps<typeof Link>, "href"> & { href: string }) {
  return <Link href={withHost(href, useHost())} {...props} />;
}
