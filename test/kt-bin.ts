import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { kt: string } };

/** The built `kt` exactly as npm installs it (package.json's bin: the bundle), which `npm test` builds first. */
export const ktBin = join(root, pkg.bin.kt);
