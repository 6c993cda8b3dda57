/**
 * The start, stop or restart running on each jail. A console opened meanwhile waits for it, so its
 * shell starts in the run the operation leads to: opened into the run a restart is ending, the
 * shell was killed by that run's shutdown a moment later (the console then said "Jail stopped"
 * while the jail ran again).
 */
export class PowerOperations {
  private readonly running = new Map<string, Promise<unknown>>();

  track<T>(jail: string, task: () => Promise<T>): Promise<T> {
    const operation = task();
    this.running.set(jail, operation);
    const forget = () => {
      if (this.running.get(jail) === operation) this.running.delete(jail);
    };
    operation.then(forget, forget);
    return operation;
  }

  /** Resolves once no start, stop or restart of the jail runs, whatever its outcome. */
  async settled(jail: string): Promise<void> {
    for (let current = this.running.get(jail); current; current = this.running.get(jail)) await current.catch(() => undefined);
  }
}
