import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './store/queries.js';

const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };

/** kt's version, as recorded in evidence manifests and reports. */
export const packageVersion: string = pkg.version;
