import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessAlive, removeStaleTemps, replaceFolder, tempPathFor, writeFolderAtomic } from '../../../core/index.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('temporary paths', () => {
  it('tempPathFor names the path with this process id', () => {
    expect(tempPathFor('/a/b.json')).toBe(`/a/b.json.tmp-${process.pid}`);
  });

  it('isProcessAlive: this process and a running child yes, an ended one no', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      expect(isProcessAlive(child.pid!)).toBe(true);
    } finally {
      child.kill();
    }
    expect(isProcessAlive(spawnSync(process.execPath, ['-e', '0']).pid!)).toBe(false);
  });

  it('removeStaleTemps removes the temporaries of ended processes only, optionally of one base name', () => {
    const dir = tempDir('mam-stale-');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(dir, `lfp.tmp-${deadPid}`));
    writeFileSync(join(dir, `lfp.tmp-${deadPid}`, 'x.npy'), 'partial');
    writeFileSync(join(dir, `other.json.tmp-${deadPid}`), 'partial');
    mkdirSync(join(dir, `lfp.tmp-${process.pid}`));
    writeFileSync(join(dir, 'keep.tmp-x'), 'not a pid');
    writeFileSync(join(dir, 'lfp.json'), '{}');
    expect(removeStaleTemps(dir, 'lfp')).toEqual([join(dir, `lfp.tmp-${deadPid}`)]);
    expect(readdirSync(dir).sort()).toEqual(['keep.tmp-x', 'lfp.json', `lfp.tmp-${process.pid}`, `other.json.tmp-${deadPid}`].sort());
    expect(removeStaleTemps(dir)).toEqual([join(dir, `other.json.tmp-${deadPid}`)]);
    expect(removeStaleTemps(join(dir, 'missing'))).toEqual([]);
  });

  it('replaceFolder puts the new folder in place of the old one', () => {
    const dir = tempDir('mam-replace-');
    const final = join(dir, 'out');
    mkdirSync(final);
    writeFileSync(join(final, 'old.txt'), 'old');
    const temp = tempPathFor(final);
    mkdirSync(temp);
    writeFileSync(join(temp, 'new.txt'), 'new');
    replaceFolder(temp, final);
    expect(readdirSync(final)).toEqual(['new.txt']);
    expect(readFileSync(join(final, 'new.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['out']);
    expect(existsSync(temp)).toBe(false);
  });

  it('writeFolderAtomic: the new folder replaces the old one only when the writer finished (sync and async)', async () => {
    const dir = tempDir('mam-atomic-folder-');
    const final = join(dir, 'out');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(`${final}.tmp-${deadPid}`);
    expect(writeFolderAtomic(final, (tmp) => (writeFileSync(join(tmp, 'a.txt'), 'first'), 7))).toBe(7);
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(final, 'a.txt'), 'utf8')).toBe('first');
    // A failing writer (sync or async) leaves the old folder and no temporary one.
    expect(() => writeFolderAtomic(final, (tmp) => {
      writeFileSync(join(tmp, 'a.txt'), 'half');
      throw new Error('disk full');
    })).toThrow('disk full');
    await expect(writeFolderAtomic(final, async (tmp) => {
      writeFileSync(join(tmp, 'a.txt'), 'half');
      await new Promise((r) => setTimeout(r, 1));
      throw new Error('aborted');
    })).rejects.toThrow('aborted');
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(join(final, 'a.txt'), 'utf8')).toBe('first');
    const pending = writeFolderAtomic(final, async (tmp) => {
      await new Promise((r) => setTimeout(r, 1));
      writeFileSync(join(tmp, 'b.txt'), 'second');
      return 'done';
    });
    // Until the writer finishes, the old folder is in place beside the temporary one.
    expect(readdirSync(join(dir, 'out'))).toEqual(['a.txt']);
    expect(existsSync(tempPathFor(final))).toBe(true);
    expect(await pending).toBe('done');
    expect(readdirSync(final)).toEqual(['b.txt']);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});
