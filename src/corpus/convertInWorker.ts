/**
 * Converts HTML, PDF and Word files in worker threads with a heap bound and a time bound, so a
 * crafted file that exhausts either costs only its worker: the file is skipped with the reason
 * and the ingest, or the bot, carries on. Workers are kept between files (starting one costs
 * about as much as converting a few pages) and ended when idle.
 */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Conversion, ConvertedFormat } from './convertArticleBytes.js';
import { conversionLimits, type ConversionLimits } from './conversionLimits.js';
// Types only: the converters load in the worker, never in the ingest's or the bot's own thread.
import type { ConversionRequest, Ready } from './conversionWorker.js';

const WORKER_SCRIPT = new URL('./conversionWorker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
// The project runs from its TypeScript sources: the worker registers tsx, as the main thread has, before loading them.
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_SCRIPT)}); });`;
/** Conversions at once: a core is left for the ingest or the bot itself, and each worker may hold up to the heap bound. */
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism() - 1));
/** A worker idle this long is ended, so the bot does not keep its memory. */
const IDLE_MS = 10_000;
const READY: Ready = 'ready';

export type ConvertFile = (format: ConvertedFormat, bytes: Uint8Array) => Promise<Conversion>;

interface Job {
  request: ConversionRequest;
  resolve: (conversion: Conversion) => void;
}

/** A pool converting with `limits`; tests make one with smaller bounds. */
export function conversionPool(limits: ConversionLimits): ConvertFile {
  const queue: Job[] = [];
  const idle = new Map<Worker, NodeJS.Timeout>();
  let busy = 0;

  /** A new worker once its converters are loaded: the time bound is the conversion's, not the start-up's. */
  const startWorker = async (): Promise<Worker> => {
    const worker = new Worker(BOOTSTRAP, { eval: true, resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb } });
    // The job's own listener reports a worker's failure; between jobs it must not become the process's.
    worker.on('error', () => undefined);
    const [message] = (await once(worker, 'message')) as unknown[];
    if (message !== READY) throw new Error(`the conversion worker did not start (${String(message)})`);
    return worker;
  };

  const takeWorker = async (): Promise<Worker> => {
    const [worker, timer] = idle.entries().next().value ?? [];
    if (!worker) return startWorker();
    clearTimeout(timer);
    idle.delete(worker);
    worker.ref();
    return worker;
  };

  const park = (worker: Worker) => {
    worker.unref();
    const timer = setTimeout(() => {
      idle.delete(worker);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    idle.set(worker, timer);
  };

  const done = (job: Job, conversion: Conversion) => {
    busy -= 1;
    job.resolve(conversion);
    next();
  };

  const run = async (job: Job) => {
    let worker: Worker;
    try {
      worker = await takeWorker();
    } catch (error) {
      done(job, { reason: `cannot be converted (${(error as Error).message.split('\n')[0]})` });
      return;
    }
    const finish = (conversion: Conversion, healthy: boolean) => {
      clearTimeout(deadline);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (healthy) park(worker);
      else void worker.terminate();
      done(job, conversion);
    };
    const deadline = setTimeout(() => finish({ reason: `took longer than ${limits.timeMs / 1000} s to convert` }, false), limits.timeMs);
    const onMessage = (conversion: Conversion) => finish(conversion, true);
    const onError = (error: Error & { code?: string }) =>
      finish(
        {
          reason:
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `needed more than ${limits.memoryMb} MB of memory to convert`
              : `cannot be converted (${error.message.split('\n')[0]})`,
        },
        false,
      );
    const onExit = (code: number) => finish({ reason: `cannot be converted (the converter stopped with code ${code})` }, false);
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(job.request);
  };

  const next = () => {
    while (busy < POOL_SIZE && queue.length > 0) {
      busy += 1;
      void run(queue.shift() as Job);
    }
  };

  return (format, bytes) =>
    new Promise((resolve) => {
      const { pdfPages, docxXmlBytes, textChars } = limits;
      queue.push({ request: { format, bytes, limits: { pdfPages, docxXmlBytes, textChars } }, resolve });
      next();
    });
}

/** Every conversion of the ingest and the bot goes through this one pool, bounded by `conversionLimits`. */
export const convertInWorker: ConvertFile = conversionPool(conversionLimits);
