// Loaded with `node --import`: records every module the process resolves, one URL a line, in
// the file named by MODULE_LOG, so a test can tell what an entry point pulled in.
import { register } from 'node:module';

register('./recordModulesHooks.mjs', import.meta.url);
