import { vi } from 'vitest';
import { main } from '../../cli/main.ts';

/** Runs `mam args...` in this process; returns what went to stdout and stderr (console) and the exit code. */
export async function runMamInProcess(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  process.exitCode = 0;
  try {
    const code = await main(['node', 'mam', ...args]);
    return { out: log.mock.calls.map((c) => c.join(' ')).join('\n'), err: error.mock.calls.map((c) => c.join(' ')).join('\n'), code };
  } finally {
    process.exitCode = 0;
    log.mockRestore();
    error.mockRestore();
  }
}
