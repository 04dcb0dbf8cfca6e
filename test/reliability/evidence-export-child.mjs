// An evidence export in its own process, for the crash test: exports the store's
// September through the built code (run `npm run build`), HTML only, and when it
// reaches the step named on its command line (`data:3` = before the fourth data file)
// it says so and stops dead, so that its parent can kill it there.
import { dirname, resolve } from 'node:path';
import { exportEvidence } from '../../dist/evidence/export.js';
import { openStore } from '../../dist/store/database.js';

const [db, outDir, pauseAt] = process.argv.slice(2);
const store = await openStore(db, { allowedDirectories: [dirname(resolve(outDir))] });
const [pauseStep, pauseDone] = pauseAt.split(':');

function pauseHere() {
  process.stdout.write(`paused ${pauseAt}\n`);
  // Blocks the whole process (no timer or I/O runs) until the parent kills it; bounded.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  process.exit(3);
}

await exportEvidence(store, { from: '2026-09-01', to: '2026-10-01', reason: 'crash test' }, {
  outDir, actor: 'rita', viewer: 'everyone', pdf: false,
  onStep: (step) => {
    if (step.step === pauseStep && (pauseDone === undefined || step.done === Number(pauseDone))) pauseHere();
  },
});
process.stdout.write('finished\n');
