// The terminal library and its stylesheet, in their own lazily loaded chunk.
import "@xterm/xterm/css/xterm.css";

export { Terminal } from "@xterm/xterm";
export { FitAddon } from "@xterm/addon-fit";
