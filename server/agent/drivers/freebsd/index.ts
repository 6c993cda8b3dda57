export { AGENT_VERSION, createFreebsdDriver, createHostFreebsdDriver } from "./driver";
export type { AddressPoolConfig, Clock, FreebsdDriverOptions, FreebsdTemplate, PtySpawner } from "./context";
export { createRecordedFreebsdDriver, RECORDED_HOST_DIR } from "./recorded";
export { createExecFileRunner, RecordingRunner, type CommandRunner, type RunOptions, type RunResult } from "./runner";
export { ReplayRunner } from "./replay-runner";
