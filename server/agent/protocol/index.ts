export * from "./names";
export * from "./jail";
export * from "./host";
export * from "./events";
export * from "./errors";
export * from "./methods";
export * from "./streams";
export * from "./signal";
