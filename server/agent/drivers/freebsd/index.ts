export { createFreebsdDriver, createHostFreebsdDriver } from "./driver";
export type { AddressPoolConfig, Clock, FreebsdDriverOptions, FreebsdTemplate } from "./context";
export { createRecordedFreebsdDriver, RECORDED_HOST_DIR } from "./recorded";
export { createExecFileRunner, RecordingRunner, type CommandRunner } from "./runner";
export { ReplayRunner } from "./replay-runner";
