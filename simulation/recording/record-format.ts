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
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

export const SPIKE_MAGIC = 'MAMSPK01';
export const VM_MAGIC = 'MAMVM001';
export const HEADER_BYTES = 32;
export const FORMAT_VERSION = 1;

export function encodeHeader(magic: string, worker: number, dtMs: number, recordBytes: number): Uint8Array {
  const buf = new ArrayBuffer(HEADER_BYTES);
  const bytes = new Uint8Array(buf);
  for (let i = 0; i < 8; i++) bytes[i] = magic.charCodeAt(i);
  const view = new DataView(buf);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, worker, true);
  view.setFloat64(16, dtMs, true);
  view.setUint32(24, recordBytes, true);
  view.setUint32(28, 0, true);
  return bytes;
}

/** Buffered writer of fixed-size records; flushes when full and on demand, never allocates per record. */
export class RecordWriter {
  private readonly fd: number;
  private readonly bytes: Uint8Array;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;
  /** Records in the buffer. */
  count = 0;
  written = 0;

  constructor(
    path: string,
    magic: string,
    worker: number,
    dtMs: number,
    readonly recordBytes: number,
    readonly capacity = 1 << 16,
  ) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, encodeHeader(magic, worker, dtMs, recordBytes));
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

  vm(stamp: number, id: number, vmMv: number): void {
    const k = this.count * 4;
    this.u32[k] = stamp;
    this.u32[k + 1] = id;
    this.f64[(k >> 1) + 1] = vmMv;
    if (++this.count === this.capacity) this.flush();
  }

  flush(): void {
    if (this.count === 0) return;
    writeSync(this.fd, this.bytes, 0, this.count * this.recordBytes);
    this.written += this.count;
    this.count = 0;
  }

  close(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
