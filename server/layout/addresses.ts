const toInt = (address: string) => address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
const toAddress = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");

/**
 * The first run of `count` consecutive free addresses of a pool, starting at its next free
 * one; null when the pool has no such run. `used` are the taken addresses (jails, gateway).
 */
export function consecutiveFree(cidr: string, used: readonly string[], count: number): string[] | null {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const network = toInt(base!) - (toInt(base!) % size);
  const taken = new Set(used.map(toInt));
  // The network and broadcast addresses are never a jail's; the gateway is in `used`.
  let run: number[] = [];
  for (let n = network + 1; n < network + size - 1; n++) {
    run = taken.has(n) ? [] : [...run, n];
    if (run.length === count) return run.map(toAddress);
  }
  return null;
}
