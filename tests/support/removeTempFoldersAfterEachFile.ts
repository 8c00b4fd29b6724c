/** A setup file (vitest.config.ts): runs in every test file, so no file leaves its temporary folders behind. */
import { afterAll } from 'vitest';
import { removeTempFolders } from './tempFolder.js';

afterAll(removeTempFolders);
