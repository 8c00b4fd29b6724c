/**
 * The conversion worker's entry: says it is ready once its converters are loaded, then converts
 * each file it is sent and answers with the text or the reason. `convertInWorker` starts it
 * with a heap bound and ends it past the time bound.
 */
import { parentPort } from 'node:worker_threads';
import { convertArticleBytes, type ContentLimits, type ConvertedFormat } from './convertArticleBytes.js';

/** The first message: the converters are loaded. */
export type Ready = 'ready';

export interface ConversionRequest {
  format: ConvertedFormat;
  bytes: Uint8Array;
  limits: ContentLimits;
}

parentPort?.on('message', ({ format, bytes, limits }: ConversionRequest) => {
  void convertArticleBytes(format, bytes, limits).then((converted) => parentPort?.postMessage(converted));
});
parentPort?.postMessage('ready' satisfies Ready);
