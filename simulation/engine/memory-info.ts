/**
 * Memory available to a new run (Node side): MemAvailable of /proc/meminfo (what the kernel can give
 * without swapping, page cache included), else os.freemem(). Not total RAM: other processes count.
 */
import { readFileSync } from 'node:fs';
import { freemem } from 'node:os';

export function availableMemory(): { bytes: number; source: string } {
  try {
    const m = /^MemAvailable:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return { bytes: Number(m[1]) * 1024, source: 'MemAvailable of /proc/meminfo' };
  } catch {
    // not Linux
  }
  return { bytes: freemem(), source: 'os.freemem()' };
}

export function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GiB`;
}
