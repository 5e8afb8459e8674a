/**
 * Binary recording files (little-endian), streamed while the simulation runs.
 *
 * Spike file `spikes-<k>.bin` (one per worker k; the files of a run together hold every spike):
 *   header 32 bytes: magic "MAMSPK01" (8 ASCII bytes), uint32 version = 1, uint32 worker k,
 *                    float64 dt (ms), uint32 record size in bytes (= 8), uint32 reserved (0)
 *   records:         uint32 time stamp in steps (spike time = stamp * dt ms, NEST's on-grid time),
 *                    uint32 global neuron id (see populations.json: first id and size per population)
 * V_m file `vm-<k>.bin`: same header with magic "MAMVM001" and record size 16; records:
 *                    uint32 time stamp in steps, uint32 global neuron id, float64 V_m (mV)
 * Records of one file are in time order. A file cut short by an interrupted run is still valid up to
 * its last whole record; readers ignore a trailing partial record.
 *
 * Encoding only: the bytes go to a `RecordSink` (a file in Node, record-file.ts; a browser supplies
 * its own), so the engine that records stays free of file-system access.
 */
export const SPIKE_MAGIC = 'MAMSPK01';
export const VM_MAGIC = 'MAMVM001';
export const HEADER_BYTES = 32;
export const FORMAT_VERSION = 1;

export function encodeHeader(magic: string, worker: number, dt_ms: number, recordBytes: number): Uint8Array {
  const buf = new ArrayBuffer(HEADER_BYTES);
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < 8; i++) bytes[i] = magic.charCodeAt(i);
  const view = new DataView(buf);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, worker, true);
  view.setFloat64(16, dt_ms, true);
  view.setUint32(24, recordBytes, true);
  view.setUint32(28, 0, true);
  return bytes;
}

/** Where the bytes of one record file go (written in order; `close` ends the file). */
export interface RecordSink {
  write(bytes: Uint8Array): void;
  /** Makes everything written so far durable (before a checkpoint names the file's length). */
  sync?(): void;
  close(): void;
}

/**
 * Opens the sink of record file `index` (`kind` 'spikes' or 'vm'). With `resumeAtBytes` the file exists
 * and is continued from that length (a resumed run; anything written after it is cut off).
 */
export type RecordSinkFactory = (kind: 'spikes' | 'vm', index: number, resumeAtBytes?: number) => RecordSink;

/** Bytes of a record file holding `records` records of `recordBytes` bytes. */
export function recordFileBytes(records: number, recordBytes: number): number {
  return HEADER_BYTES + records * recordBytes;
}

/** Buffered encoder of fixed-size records into a sink; flushes when full and on demand, never allocates per record. */
export class RecordBuffer {
  private readonly bytes: Uint8Array;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  /** Records in the buffer. */
  count = 0;
  /** Records written to the sink (including those of the run resumed). */
  written = 0;

  /** `resumeRecords` > 0: the sink continues a file that already holds the header and that many records. */
  constructor(
    private readonly sink: RecordSink,
    magic: string,
    worker: number,
    dt_ms: number,
    readonly recordBytes: number,
    resumeRecords = 0,
    readonly capacity = 1 << 16,
  ) {
    if (resumeRecords > 0) this.written = resumeRecords;
    else sink.write(encodeHeader(magic, worker, dt_ms, recordBytes));
    const buf = new ArrayBuffer(recordBytes * capacity);
    this.bytes = new Uint8Array(buf);
    this.u32 = new Uint32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  spike(stamp: number, id: number): void {
    const k = this.count * 2;
    this.u32[k] = stamp;
    this.u32[k + 1] = id;
    if (++this.count === this.capacity) this.flush();
  }

  vm(stamp: number, id: number, vm_mV: number): void {
    const k = this.count * 4;
    this.u32[k] = stamp;
    this.u32[k + 1] = id;
    this.f64[(k >> 1) + 1] = vm_mV;
    if (++this.count === this.capacity) this.flush();
  }

  flush(): void {
    if (this.count === 0) return;
    this.sink.write(this.bytes.subarray(0, this.count * this.recordBytes));
    this.written += this.count;
    this.count = 0;
  }

  /** Writes the buffer and makes the file durable; returns the records written. */
  sync(): number {
    this.flush();
    this.sink.sync?.();
    return this.written;
  }

  close(): void {
    this.flush();
    this.sink.close();
  }
}
