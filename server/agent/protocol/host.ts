import { z } from "zod";

export const hostInfoSchema = z.object({
  hostname: z.string(),
  os: z.string(),
  kernel: z.string(),
  driver: z.enum(["linux", "freebsd"]),
  /** True when the host is replayed from recorded command outputs (development and e2e). */
  recorded: z.boolean(),
  cpuCount: z.number().int(),
  memoryBytes: z.number(),
  agentVersion: z.string(),
  /** Whether per-jail accounting comes from the kernel (rctl/cgroups) or is summed from ps. */
  accounting: z.enum(["kernel", "summed-from-processes"]),
  /** Linux: the agent's own LXC path, where adopting looks unless told another. */
  lxcPath: z.string().optional(),
});

export const processSchema = z.object({
  pid: z.number().int(),
  ppid: z.number().int(),
  /** null for a host process. */
  jail: z.string().nullable(),
  /** The pid as the jail sees it (Linux pid namespace); null where it is the same or unknown. */
  pidInJail: z.number().int().nullable(),
  uid: z.number().int(),
  /** The user name as the jail knows it where it can be resolved, else the uid as text. */
  user: z.string(),
  state: z.string(),
  cpuPercent: z.number(),
  rssBytes: z.number(),
  /** Start time, ms since the epoch. */
  startedAt: z.number(),
  command: z.string(),
  args: z.string(),
  /**
   * Set on a host process (`jail` null) that runs in an LXC container Stockade does not manage:
   * the key of `unmanagedContainers` (the container's `lxc.payload.*` cgroup name, unique on the host).
   */
  container: z.string().optional(),
});

/** A running LXC container outside Stockade (another LXC path): shown in the tree, never acted on. */
export const unmanagedContainerSchema = z.object({
  /** Its name, from its LXC monitor's command line (else its cgroup's). */
  name: z.string(),
  /** The LXC path it was made in, from its monitor; null when the monitor is not there to say. */
  lxcPath: z.string().nullable(),
  initPid: z.number().int(),
  /** The host-side process its init hangs from (its LXC monitor), as jailAnchors. */
  anchor: z.number().int().nullable(),
});

export const processSnapshotSchema = z.object({
  takenAt: z.number(),
  processes: z.array(processSchema),
  /** The host-side process each jail hangs from in the tree (LXC monitor; FreeBSD: none). */
  jailAnchors: z.record(z.string(), z.number().int()),
  /** By the key in processes' `container`; absent where the driver finds none (FreeBSD). */
  unmanagedContainers: z.record(z.string(), unmanagedContainerSchema).optional(),
});

export const usageSchema = z.object({
  /** null for the whole host. */
  jail: z.string().nullable(),
  cpuSeconds: z.number(),
  cpuPercent: z.number(),
  memoryBytes: z.number(),
  memoryLimitBytes: z.number().nullable(),
  processCount: z.number().int(),
  processLimit: z.number().int().nullable(),
  oomKills: z.number().int(),
  refusedForks: z.number().int(),
});

export const usageReportSchema = z.object({
  takenAt: z.number(),
  host: usageSchema,
  jails: z.array(usageSchema),
});

export const interfaceAddressSchema = z.object({
  family: z.enum(["inet", "inet6"]),
  address: z.string(),
  prefixLength: z.number().int(),
});

export const networkInterfaceSchema = z.object({
  name: z.string(),
  up: z.boolean(),
  addresses: z.array(interfaceAddressSchema),
  /** The jail this interface belongs to (host side of its veth), if any. */
  jail: z.string().nullable(),
});

export const addressPoolSchema = z.object({
  cidr: z.string(),
  gateway: z.string().nullable(),
  interface: z.string(),
  used: z.array(z.object({ address: z.string(), jail: z.string() })),
  freeCount: z.number().int(),
  nextFree: z.string().nullable(),
});

export const networkInfoSchema = z.object({
  interfaces: z.array(networkInterfaceSchema),
  pools: z.array(addressPoolSchema),
  jailAddresses: z.array(
    z.object({
      jail: z.string(),
      family: z.enum(["inet", "inet6"]),
      address: z.string(),
      /** Where the driver knows them (Linux: the pool's prefix on the jail's eth0); FreeBSD's come from the host alias. */
      prefixLength: z.number().int().min(0).max(128).optional(),
      interface: z.string().optional(),
    }),
  ),
});

export type HostInfo = z.infer<typeof hostInfoSchema>;
export type ProcessInfo = z.infer<typeof processSchema>;
export type ProcessSnapshot = z.infer<typeof processSnapshotSchema>;
export type UnmanagedContainer = z.infer<typeof unmanagedContainerSchema>;
export type Usage = z.infer<typeof usageSchema>;
export type UsageReport = z.infer<typeof usageReportSchema>;
export type NetworkInterface = z.infer<typeof networkInterfaceSchema>;
export type AddressPool = z.infer<typeof addressPoolSchema>;
export type NetworkInfo = z.infer<typeof networkInfoSchema>;
