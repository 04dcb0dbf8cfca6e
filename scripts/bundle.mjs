// Bundles the compiled CLI (dist/cli/main.js, from tsc) into dist/bin/: one file per
// command group instead of some 600 modules. Node 20's ES module loader spends most of
// a short command's start-up resolving and linking modules (a PDF report paid ~0.5 s of
// CPU for it); a bundle loads in a fraction of that. DuckDB stays external: it is a
// native addon. dist/bin sits two folders below the project, like every dist/*/ module,
// so the queries/, templates/ and reports/ folders are found the same way.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

/**
 * DuckDB's package is CommonJS. Imported as an ES module, Node first scans its files for
 * export names (about 0.13 s per command); loaded with require() it is not scanned.
 */
const duckdbThroughRequire = {
  name: 'duckdb-through-require',
  setup(b) {
    b.onResolve({ filter: /^@duckdb\/node-api$/ }, (args) =>
      args.namespace === 'duckdb-require' ? { path: args.path, external: true } : { path: args.path, namespace: 'duckdb-require' });
    b.onLoad({ filter: /.*/, namespace: 'duckdb-require' }, () => ({ contents: "module.exports = require('@duckdb/node-api');", loader: 'js' }));
  },
};

rmSync('dist/bin', { recursive: true, force: true }); // chunk names change with their content: no stale ones
await build({
  entryPoints: { kt: 'dist/cli/main.js' },
  outdir: 'dist/bin',
  bundle: true,
  splitting: true, // command groups stay lazily imported, as in src/cli/commands.ts
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [duckdbThroughRequire],
  // Bundled CommonJS packages call require() and read __dirname; in an ES module those come from here.
  banner: {
    js: [
      "import { createRequire as __ktCreateRequire } from 'node:module';",
      "import { fileURLToPath as __ktFileURLToPath } from 'node:url';",
      "import { dirname as __ktDirname } from 'node:path';",
      'const require = __ktCreateRequire(import.meta.url);',
      'const __filename = __ktFileURLToPath(import.meta.url);',
      'const __dirname = __ktDirname(__filename);',
    ].join(' '),
  },
  logLevel: 'warning',
});
