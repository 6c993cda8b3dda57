import { KeyedQueue } from "../../lib/keyed-queue";

/**
 * Who holds which address, across the driver. A create takes minutes to copy a userland
 * before its conf (the only lasting record of its address) is written, and creates of
 * different names run concurrently: the address it chose is held here until then.
 */
export class AddressBook {
  private readonly queue = new KeyedQueue();
  private readonly reserved = new Map<string, string>();

  /** Runs `task` alone among all address decisions of this driver. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run("addresses", task);
  }

  reserve(addresses: string[], jail: string): () => void {
    for (const address of addresses) this.reserved.set(address, jail);
    return () => addresses.forEach((address) => this.reserved.delete(address));
  }

  get reservations(): ReadonlyMap<string, string> {
    return this.reserved;
  }
}
