/**
 * One simulation worker of the page: builds its shard of the network (the library's engine, unchanged)
 * and simulates it in chunks, streaming its spike records to the page through a RecordSink. Between
 * chunks it reads its messages: pause, resume, stop. Several workers meet at the engine's shared-memory
 * barrier every step (SharedArrayBuffer); without cross-origin isolation the page runs one.
 */
import { workerLayout } from '../../simulation/engine/layout.ts';
import { CTRL } from '../../simulation/engine/shared-control.ts';
import { Shard } from '../../simulation/engine/shard.ts';
import { HEADER_BYTES, SPIKE_MAGIC, type RecordSink, type RecordSinkFactory } from '../../simulation/recording/record-format.ts';
import type { SimRequest, SimResponse } from './protocol.ts';

/** In-flight synaptic events a worker may hold before the engine stops the run (a page's memory is small). */
const EVENT_BUDGET_BYTES = 512 * 2 ** 20;

const post = (msg: SimResponse, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);
let paused = false;
let control: Int32Array | null = null;

/** Spike records go to the page as they are flushed (copied: the engine reuses its buffer); V_m is not recorded here. */
function pageSinks(worker: number): RecordSinkFactory {
  return (kind): RecordSink => {
    let header = true;
    return {
      write(bytes) {
        if (header) {
          header = false;
          const magic = String.fromCharCode(...bytes.subarray(0, 8));
          if (bytes.length === HEADER_BYTES && magic === (kind === 'spikes' ? SPIKE_MAGIC : magic)) return;
        }
        if (kind !== 'spikes') return;
        const copy = bytes.slice().buffer;
        post({ type: 'spikes', worker, records: copy }, [copy]);
      },
      close() {},
    };
  };
}

// A message to itself yields to the worker's queued messages without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => {
  const w = wake;
  wake = null;
  w?.();
};
const nextTask = () =>
  new Promise<void>((resolve) => {
    wake = resolve;
    channel.port2.postMessage(0);
  });

async function run(req: Extract<SimRequest, { type: 'start' }>): Promise<void> {
  const { plan, assignment, worker, blocks, chunkMs } = req;
  control = new Int32Array(blocks.control);
  const options = { connectivity: 'explicit' as const, eventBudgetBytes: EVENT_BUDGET_BYTES, fileIndex: worker };
  const shard = new Shard(plan, workerLayout(plan, assignment, worker), blocks, pageSinks(worker), options);
  for (const _ of shard.build());
  const built = shard.statistics;
  post({ type: 'built', worker, synapses: built.synapses, buildMs: built.buildMs });
  shard.start();
  while (!shard.runChunk(chunkMs)) {
    post({ type: 'progress', worker, steps: shard.statistics.stepsDone });
    await nextTask();
    while (paused) await new Promise((resolve) => setTimeout(resolve, 30));
  }
  const s = shard.statistics;
  const runaway = s.runaway
    ? `runaway activity: population ${s.runaway.population} fired at ${s.runaway.rateHz.toFixed(1)} spikes/s (limit ${s.runaway.maxRateHz} spikes/s) before t = ${s.runaway.timeMs} ms`
    : s.memoryExceeded
      ? `stopped at t = ${(s.stepsDone * plan.dt_ms).toFixed(1)} ms: in-flight synaptic events outgrew ${EVENT_BUDGET_BYTES / 2 ** 20} MiB per worker (activity far above normal)`
      : null;
  post({ type: 'done', worker, steps: s.stepsDone, spikes: s.spikes, interrupted: s.interrupted, runaway, simulateMs: s.simulateMs });
}

self.onmessage = (event: MessageEvent<SimRequest>) => {
  const req = event.data;
  if (req.type === 'start') {
    run(req).catch((err) => post({ type: 'error', worker: req.worker, message: (err as Error).stack ?? String(err) }));
  } else if (req.type === 'pause') paused = true;
  else if (req.type === 'resume') paused = false;
  else if (req.type === 'stop') {
    paused = false;
    if (control) Atomics.store(control, CTRL.STOP_REQUEST, 1);
  }
};
