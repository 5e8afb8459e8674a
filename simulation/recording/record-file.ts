/** Record files on disk: the Node sink of the engine's recordings (record-format.ts). */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordSink, RecordSinkFactory } from './record-format.ts';

/** A file written in order and synced to disk when closed. */
export function fileRecordSink(path: string): RecordSink {
  const fd = openSync(path, 'w');
  return {
    write(bytes) {
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    },
    close() {
      fsyncSync(fd);
      closeSync(fd);
    },
  };
}

/** `spikes-<worker>.bin` and `vm-<worker>.bin` in `dir` (the run folder). */
export function recordFilesIn(dir: string): RecordSinkFactory {
  return (kind, worker) => fileRecordSink(join(dir, `${kind}-${worker}.bin`));
}
