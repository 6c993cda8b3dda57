/**
 * What a jail's init prints on its console as its last shutdown step. A jail drops sys_boot,
 * so reboot(2) fails inside it and init cannot end its pid namespace itself (sysvinit would
 * sit in runlevel 0 until lxc-stop's timeout; busybox init waits a second more and exits).
 * The agent, following the console during a stop it asked for, ends the jail when it sees this
 * line: a jail that prints it early only shortens its own graceful stop.
 */
export const SHUTDOWN_DONE = "Stockade: shutdown done";

/** sysvinit: after runlevel 0's rc scripts (sendsigs, umounts, the halt that fails). */
export const SYSVINIT_DONE_LINE = `z0:0:wait:/bin/echo "${SHUTDOWN_DONE}"`;

/** busybox init: after rcK, what is left gets SIGTERM and a second, as busybox init itself would give it. */
export const BUSYBOX_DONE_LINE = `console::shutdown:/bin/sh -c 'kill -TERM -1; sleep 1; echo "${SHUTDOWN_DONE}"'`;

/** Calls onDone once SHUTDOWN_DONE has been seen, across however the console output is chunked. */
export function watchForShutdownDone(onDone: () => void): (text: string) => void {
  let tail = "";
  let seen = false;
  return (text) => {
    if (seen) return;
    tail = (tail + text).slice(-(SHUTDOWN_DONE.length + text.length));
    if (!tail.includes(SHUTDOWN_DONE)) {
      tail = tail.slice(-SHUTDOWN_DONE.length);
      return;
    }
    seen = true;
    onDone();
  };
}
