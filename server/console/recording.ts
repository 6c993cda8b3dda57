import { isAscii } from "node:buffer";
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { continuedMarker, type RecordingEnd } from "./recording-resume";

export interface RecordingHeader {
  width: number;
  height: number;
  title: string;
}

export interface RecorderOptions {
  file: string;
  header: RecordingHeader;
  /** Output offset the recording starts at: earlier bytes are not recorded again. */
  startOffset: number;
  maxBytes: number;
  /** The recording stopped early (disk full, size limit, disk too slow); the session goes on. */
  onStop: (reason: string) => void;
  /** Opens the file; a new file by default, never one that exists. */
  open?: (file: string) => fs.WriteStream;
  /**
   * Continue this recording (the same session's file, left by another writer): appended after a
   * marker, with the same clock, and output up to its end not recorded twice.
   */
  resume?: RecordingEnd;
}

const createNew = (file: string) => fs.createWriteStream(file, { flags: "wx", mode: 0o600 });
const append = (file: string) => fs.createWriteStream(file, { flags: "a", mode: 0o600 });

/** Lines queued for the disk beyond this mean the disk cannot keep up: stop recording rather than grow memory. */
const MAX_UNWRITTEN = 8 * 1024 * 1024;

/**
 * One console session as asciicast v2: a JSON header line, then [seconds, "o"|"i"|"r", text]
 * lines. Writes are queued, never awaited: recording can stop, the shell never waits for it.
 */
export class AsciicastRecorder {
  private readonly out: fs.WriteStream;
  private readonly decoder = new StringDecoder("utf8");
  private decoderMayHold = false;
  private readonly inputDecoder = new StringDecoder("utf8");
  private readonly started: number;
  private recordedEnd: number;
  private written: number;
  private stopped = false;

  constructor(private readonly options: RecorderOptions) {
    const { resume } = options;
    this.started = resume?.startedMs ?? Date.now();
    this.recordedEnd = Math.max(options.startOffset, resume?.recordedEnd ?? 0);
    this.written = resume?.bytes ?? 0;
    this.out = (options.open ?? (resume ? append : createNew))(options.file);
    this.out.on("error", (error) => this.stop(`recording stopped: ${error.message}`));
    if (resume) this.event("m", continuedMarker(this.recordedEnd));
    else this.header(options.header, options.startOffset);
  }

  get active(): boolean {
    return !this.stopped;
  }

  /** Output bytes starting at `offset`; the part already recorded (another viewer's copy) is skipped. */
  output(offset: number, chunk: Buffer): void {
    const end = offset + chunk.length;
    if (this.stopped || end <= this.recordedEnd) return;
    const fresh = chunk.subarray(Math.max(0, this.recordedEnd - offset));
    this.recordedEnd = end;
    // Most output is ASCII: read as latin1 it is the same text without a UTF-8 decode, unless the
    // decoder may still hold the start of a character split across reads (after non-ASCII output).
    const ascii = isAscii(fresh);
    const fast = ascii && !this.decoderMayHold;
    const text = fast ? fresh.toString("latin1") : this.decoder.write(fresh);
    this.decoderMayHold = !ascii;
    if (text) this.event("o", text, fast);
  }

  input(data: Uint8Array): void {
    const text = this.inputDecoder.write(Buffer.from(data));
    if (text && !this.stopped) this.event("i", text);
  }

  resize(cols: number, rows: number): void {
    if (!this.stopped) this.event("r", `${cols}x${rows}`);
  }

  /** Resolves once every line is on disk, so another writer can read where this one left off. */
  close(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.out.end();
    }
    if (this.out.closed || this.out.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.out.once("close", () => resolve()));
  }

  /** asciicast's header, with where output starts and the exact start time for a later continuation. */
  private header({ width, height, title }: RecordingHeader, from: number): void {
    const timestamp = Math.floor(this.started / 1000);
    const env = { TERM: "xterm-256color" };
    this.line(JSON.stringify({ version: 2, width, height, timestamp, title, env, stockade: { from, startedMs: this.started } }));
  }

  /** `ascii`: the text is ASCII, and so is its JSON, which is then encoded byte for byte (no UTF-8 pass). */
  private event(kind: "o" | "i" | "r" | "m", text: string, ascii = false): void {
    const seconds = Number(((Date.now() - this.started) / 1000).toFixed(6));
    this.line(`[${seconds},"${kind}",${JSON.stringify(text)}]`, ascii);
  }

  private line(json: string, ascii = false): void {
    const bytes = Buffer.from(json + "\n", ascii ? "latin1" : "utf8");
    this.written += bytes.length;
    if (this.written > this.options.maxBytes) return this.stop(`recording stopped at its size limit of ${this.options.maxBytes} bytes`);
    this.out.write(bytes);
    if (this.out.writableLength > MAX_UNWRITTEN) this.stop("recording stopped: the disk could not keep up with the output");
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.out.end();
    this.options.onStop(reason);
  }
}
