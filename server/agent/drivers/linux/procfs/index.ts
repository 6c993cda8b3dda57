export { createProcessReader, type JailRef, type ProcessReader, type ProcessReaderOptions } from "./processes";
export {
  createUsageReader,
  readHostUsage,
  readJailUsage,
  type UsageReader,
  type UsageReaderOptions,
  type UsageReading,
  type UsageState,
} from "./usage";
export { detectCgroupVersion, type CgroupVersion } from "./cgroup";
