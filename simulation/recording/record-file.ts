/** Record files on disk: the Node sink of the engine's recordings (record-format.ts). */
import { closeSync, fsyncSync, ftruncateSync, fstatSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordSink, RecordSinkFactory } from './record-format.ts';

/**
 * A file written in order and synced to disk when closed. With `resumeAtBytes` an existing file is cut
 * to that length and continued (a resumed run); it must be at least that long.
 */
export function fileRecordSink(path: string, resumeAtBytes?: number): RecordSink {
  let fd: number;
  let position = 0;
  if (resumeAtBytes === undefined) {
    fd = openSync(path, 'w');
  } else {
    fd = openSync(path, 'r+');
    const size = fstatSync(fd).size;
    if (size < resumeAtBytes) {
      closeSync(fd);
      throw new Error(`${path}: ${size} bytes; the checkpoint expects at least ${resumeAtBytes}`);
    }
    ftruncateSync(fd, resumeAtBytes);
    position = resumeAtBytes;
  }
  return {
    write(bytes) {
      let done = 0;
      while (done < bytes.length) {
        const n = writeSync(fd, bytes, done, bytes.length - done, position);
        done += n;
        position += n;
      }
    },
    sync() {
      fsyncSync(fd);
    },
    close() {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

/** `spikes-<index>.bin` and `vm-<index>.bin` in `dir` (the run folder). */
export function recordFilesIn(dir: string): RecordSinkFactory {
  return (kind, index, resumeAtBytes) => fileRecordSink(join(dir, `${kind}-${index}.bin`), resumeAtBytes);
}
