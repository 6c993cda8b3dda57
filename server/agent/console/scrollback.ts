/**
 * A bounded byte history of a console's output. Offsets count every byte the PTY ever
 * produced, so a client that reattaches says what it has and gets only the rest.
 */
export class Scrollback {
  private chunks: Buffer[] = [];
  private length = 0;
  private total = 0;

  constructor(readonly capacity: number) {}

  /** Offset of the next byte: everything ever pushed. */
  get end(): number {
    return this.total;
  }

  /** Offset of the oldest byte still held. */
  get start(): number {
    return this.total - this.length;
  }

  push(data: Buffer): void {
    this.total += data.length;
    const kept = data.length > this.capacity ? data.subarray(data.length - this.capacity) : data;
    this.chunks.push(kept);
    this.length += kept.length;
    while (this.length > this.capacity) {
      const head = this.chunks[0]!;
      const excess = this.length - this.capacity;
      if (head.length <= excess) {
        this.chunks.shift();
        this.length -= head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.length -= excess;
      }
    }
  }

  /** The bytes from `offset` (clamped to what is held) to the end, and where they start. */
  readFrom(offset = 0): { from: number; data: Buffer } {
    const from = Math.min(Math.max(offset, this.start), this.end);
    const all = Buffer.concat(this.chunks, this.length);
    return { from, data: all.subarray(from - this.start) };
  }
}
