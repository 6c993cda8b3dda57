import type { MountRequest } from "@/server/agent/protocol";

/**
 * The example layout of a classic jailing server, as one definition: the overview's
 * "create the example layout" button (tRPC layout.create) and `npm run demo` both apply it.
 */

export type LayoutTemplate = "busybox" | "debian";

export interface LayoutFile {
  path: string;
  content: string;
  mode?: string;
}

/** What a jail's service configuration may refer to: its own name and address, and its neighbours'. */
export interface LayoutPlacement {
  name: string;
  address: string;
  /** Every jail of the layout by role, e.g. addresses.www1. */
  addresses: Record<string, string>;
  names: Record<string, string>;
  sshPublicKey: string | null;
  /** The resolver the DNS cache forwards other names to ("ADDRESS" or "ADDRESS#PORT"); none: it answers only the layout's names. */
  dnsUpstream: string | null;
}

export interface LayoutJail {
  role: string;
  template: LayoutTemplate;
  description: string;
  /** Installed from the host's package sources before the service is configured. */
  packages: string[];
  /** The service's configuration, written from inside the jail; the jail is restarted so its init starts the service. */
  files: (placement: LayoutPlacement) => LayoutFile[];
  /** Mounted at each start: the agent's shares by name (the web never names a host path for them). */
  mounts?: MountRequest[];
  /** Where the service answers, for checks and for the overview's list. */
  service: { protocol: "tcp" | "udp"; port: number; name: string };
}

/** The agent's share files1 serves: STOCKADE_AGENT_SHARE_DIR/example on the host. */
export const LAYOUT_SHARE = "example";

const httpdService = (root: string): LayoutFile => ({
  path: "/etc/init.d/S50httpd",
  mode: "0755",
  content: `#!/bin/sh
# busybox httpd, started by rcS at boot and stopped by rcK at shutdown.
case "$1" in
  start) httpd -p 80 -h ${root} ;;
  stop) killall httpd ;;
esac
`,
});

const webServer = (role: string): LayoutJail => ({
  role,
  template: "busybox",
  description: "web server (busybox httpd)",
  packages: [],
  service: { protocol: "tcp", port: 80, name: "http" },
  files: ({ name, address }) => [
    {
      path: "/www/index.html",
      content: `<!doctype html>\n<title>${name}</title>\n<h1>${name}</h1>\n<p>Served by busybox httpd in jail ${name} at ${address}.</p>\n`,
    },
    httpdService("/www"),
  ],
});

const devServer = (role: string): LayoutJail => ({
  role,
  template: "debian",
  description: "development server (OpenSSH)",
  packages: ["openssh-server"],
  service: { protocol: "tcp", port: 22, name: "ssh" },
  files: ({ sshPublicKey }) =>
    sshPublicKey ? [{ path: "/root/.ssh/authorized_keys", content: `${sshPublicKey.trim()}\n`, mode: "0600" }] : [],
});

export const CLASSIC_LAYOUT: LayoutJail[] = [
  webServer("www1"),
  webServer("www2"),
  webServer("www3"),
  {
    role: "dns1",
    template: "debian",
    description: "DNS cache (dnsmasq) that also answers for the layout's jails",
    packages: ["dnsmasq"],
    service: { protocol: "udp", port: 53, name: "dns" },
    files: ({ addresses, names, dnsUpstream }) => [
      {
        path: "/etc/dnsmasq.d/stockade-layout.conf",
        content: [
          "# The example layout's names, answered locally; everything else is forwarded to the upstream and cached.",
          "domain-needed",
          "bogus-priv",
          "cache-size=1000",
          // The jail has no route out: only a resolver it can reach (the host's bridge address, a jail) is any use.
          "no-resolv",
          ...(dnsUpstream ? [`server=${dnsUpstream}`] : ["# No upstream was given: names outside the layout are not answered."]),
          ...Object.entries(addresses).map(([role, address]) => `host-record=${names[role]}.lan,${address}`),
          "",
        ].join("\n"),
      },
    ],
  },
  {
    role: "files1",
    template: "busybox",
    description: "file server (busybox httpd over a read-only directory shared from the host)",
    packages: [],
    // The agent makes the share (with a README.txt and an index.html) beside its state dir; the jail only reads it.
    mounts: [{ share: LAYOUT_SHARE, jailPath: "/srv/share", readOnly: true }],
    service: { protocol: "tcp", port: 80, name: "http" },
    files: () => [httpdService("/srv/share")],
  },
  devServer("dev1"),
  devServer("dev2"),
];

export const layoutJailName = (prefix: string, role: string) => (prefix ? `${prefix}-${role}` : role);
