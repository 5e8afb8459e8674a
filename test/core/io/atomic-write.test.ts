import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir, writeFileAtomic } from '../../../core/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

/** chmod cannot keep root out of a folder: then a read-only folder cannot be made with chmod. */
function chmodProtects(): boolean {
  const dir = tempDir('mam-chmod-probe-');
  chmodSync(dir, 0o555);
  try {
    writeFileSync(join(dir, 'probe'), 'x');
    return false;
  } catch {
    return true;
  } finally {
    chmodSync(dir, 0o755);
  }
}
const CHMOD_PROTECTS = chmodProtects();
if (!CHMOD_PROTECTS) console.warn('running as root (or chmod is ignored here): skipping the read-only-folder test of writeFileAtomic');

describe('writeFileAtomic', () => {
  it('writes the file and creates missing parent folders', () => {
    const dir = tempDir('mam-atomic-');
    const file = join(dir, 'a', 'b', 'out.json');
    writeFileAtomic(file, '{"x": 1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"x": 1}\n');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['out.json']);
  });

  it('an output path that is a folder: says so, naming the path, and leaves no temporary file', () => {
    const dir = tempDir('mam-atomic-');
    const target = join(dir, 'out.json');
    mkdirSync(target);
    expect(() => writeFileAtomic(target, 'x')).toThrow(`cannot write ${target}: it is a folder; expected the path of a file`);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('a parent that is a file: names the folder that cannot be created and the file in the way', () => {
    const dir = tempDir('mam-atomic-');
    writeFileSync(join(dir, 'data'), 'not a folder');
    const target = join(dir, 'data', 'sub', 'out.json');
    expect(() => writeFileAtomic(target, 'x')).toThrow(`cannot create folder ${join(dir, 'data', 'sub')}: ${join(dir, 'data')} is a file, not a folder`);
    expect(readFileSync(join(dir, 'data'), 'utf8')).toBe('not a folder');
  });

  it('a folder that cannot be created under a virtual file system fails at once with its name (no endless retry)', () => {
    // Node's recursive mkdir loops forever here; ours reports the folder.
    expect(() => ensureDir('/proc/mam-no-such-folder/sub')).toThrow(/^cannot create folder \/proc\/mam-no-such-folder in \/proc: /);
  });

  it.skipIf(!CHMOD_PROTECTS)('a read-only folder: names the file and the folder, and the reason', () => {
    const dir = tempDir('mam-atomic-');
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      expect(() => writeFileAtomic(join(ro, 'out.json'), 'x')).toThrow(`cannot write ${join(ro, 'out.json')} (in folder ${ro}): permission denied (EACCES)`);
      expect(() => writeFileAtomic(join(ro, 'sub', 'out.json'), 'x')).toThrow(`cannot create folder ${join(ro, 'sub')} in ${ro}: permission denied (EACCES)`);
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      chmodSync(ro, 0o755);
    }
  });

  it('replaces an existing file atomically', () => {
    const dir = tempDir('mam-atomic-');
    const file = join(dir, 'out.txt');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out.txt']);
    rmSync(file);
    expect(existsSync(file)).toBe(false);
  });
});
