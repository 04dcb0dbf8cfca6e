import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** kt's version, as recorded in evidence manifests and reports. */
export const packageVersion: string = pkg.version;
