// A reviewer burst in its own process, for the crash test: claims, unclaims and
// resolves on the store through the built store functions (run `npm run build`),
// printing one JSON line per committed action until its parent kills it.
import { openStore } from '../../dist/store/database.js';
import { claimEscalation, resolveEscalation, unclaimEscalation } from '../../dist/store/queue/index.js';

const [db, itemList, reviewerList] = process.argv.slice(2);
const items = itemList.split(',');
const reviewers = reviewerList.split(',').map((id) => ({ id, role: 'reviewer', teams: ['support'] }));
const store = await openStore(db);
process.stdout.write('ready\n');

let seed = 12345;
const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);

async function worker(reviewer) {
  // Bounded: the parent kills the process long before this ends.
  for (let op = 0; op < 100_000; op++) {
    const id = items[Math.floor(random() * items.length)];
    const roll = random();
    const action = roll < 0.5 ? 'claim' : roll < 0.75 ? 'unclaim' : 'resolve';
    try {
      if (action === 'claim') await claimEscalation(store, reviewer, id);
      else if (action === 'unclaim') await unclaimEscalation(store, reviewer, id);
      else await resolveEscalation(store, reviewer, id, { outcome: 'denied', category: 'true_positive', note: `Reviewed by ${reviewer.id}: the flag was right.` });
      process.stdout.write(JSON.stringify({ action, id, actor: reviewer.id }) + '\n');
    } catch (error) {
      if (!['conflict', 'forbidden'].includes(error.code)) throw error;
    }
  }
}

await Promise.all(reviewers.map(worker));
