import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDetail } from '../../src/cli/escalation-text.js';
import { formatTable } from '../../src/cli/table.js';
import { EventTable } from '../../src/events/table.js';
import { getRenderer } from '../../src/render/handlebars.js';
import { createApp } from '../../src/server/app.js';
import { resolveEscalation } from '../../src/store/queue/index.js';
import { PageClient } from '../web/client.js';
import { openWebWorld, type WebWorld } from '../web/world.js';

// Bidi override/isolate controls in people's text are shown (⟨U+202E⟩) and isolated (<bdi>) where kt
// displays it, so a note cannot render as "approved" while it stores something else; stored text and JSON keep them.

const rlo = '\u202E';
/** Displays as "Looks fine: approved" in a browser or terminal that obeys the override. */
const trickNote = `Looks fine: ${rlo}deveorppa ton${'\u202C'} — checked the request twice.`;
const trickRequest = `Please summarise ${'\u2067'}this${'\u2069'} contract ${rlo}evorppa`;
const anyControl = /[\u202A-\u202E\u2066-\u2069]/;

let world: WebWorld;
let app: ReturnType<typeof createApp>;
const alice = { id: 'alice', role: 'reviewer' as const, teams: ['support'] };
beforeAll(async () => {
  world = await openWebWorld();
  await world.store.run(`UPDATE events SET request = $r WHERE id = 'evt_103'`, { r: trickRequest });
  await world.store.run(`UPDATE escalations SET event_request_excerpt = $r WHERE id = 'esc_103'`, { r: trickRequest });
  await resolveEscalation(world.store, alice, 'esc_103', { outcome: 'denied', category: 'true_positive', note: trickNote });
  app = createApp(world.store);
});
afterAll(() => world.close());

describe('bidi controls in the web UI', () => {
  it('shows them visibly and isolates the text on the escalation page and the queue; the store and the API keep them', async () => {
    const page = new PageClient(app);
    await page.signIn(world.tokens.alice);
    const detail = (await page.get('/escalations/esc_103')).html;
    expect(detail).not.toMatch(anyControl);
    expect(detail).toContain('<bdi>Looks fine: ⟨U+202E⟩deveorppa ton⟨U+202C⟩ — checked the request twice.</bdi>');
    expect(detail).toContain('<bdi>Please summarise ⟨U+2067⟩this⟨U+2069⟩ contract ⟨U+202E⟩evorppa</bdi>');
    const queue = (await page.get('/?status=resolved')).html;
    expect(queue).not.toMatch(anyControl);
    expect(queue).toContain('<bdi>Please summarise ⟨U+2067⟩this⟨U+2069⟩');

    const stored = await world.store.one<{ note: string }>("SELECT note FROM escalations WHERE id = 'esc_103'");
    expect(stored?.note).toBe(trickNote);
    const api = await app.request('http://localhost/api/escalations/esc_103', { headers: { authorization: `Bearer ${world.tokens.alice}` } });
    expect(JSON.stringify(await api.json())).toContain(JSON.stringify(trickNote).slice(1, -1));
  });
});

describe('bidi controls in reports and evidence documents', () => {
  it('the evidence document shows the note, request and audit change visibly, isolated', () => {
    const html = getRenderer().render('reports/evidence/items', {
      excerpt_chars: 600,
      items: [{ row_number: 1, id: 'esc_1', note: trickNote, request: { text: trickRequest }, audit: [{ seq: 1, action: 'resolve', change: `note → ${trickNote}` }] }],
    });
    expect(html).not.toMatch(anyControl);
    expect(html).toContain('“<bdi>Looks fine: ⟨U+202E⟩deveorppa ton⟨U+202C⟩ — checked the request twice.</bdi>”');
    expect(html).toContain('<bdi>Please summarise ⟨U+2067⟩this⟨U+2069⟩ contract ⟨U+202E⟩evorppa</bdi>');
  });

  it('the userText helper escapes HTML too, and leaves nothing for an empty value', () => {
    const template = getRenderer().handlebars.compile('[{{userText note}}]');
    expect(template({ note: `<b>${rlo}x</b>` })).toBe('[<bdi>&lt;b&gt;⟨U+202E⟩x&lt;/b&gt;</bdi>]');
    expect(template({ note: null })).toBe('[]');
  });
});

describe('bidi controls in the CLI text output', () => {
  it('tables, an escalation detail and the events table show them visibly', async () => {
    expect(formatTable([{ id: 'esc_1', note: trickNote }])).not.toMatch(anyControl);
    expect(formatTable([{ id: 'esc_1', note: trickNote }])).toContain('⟨U+202E⟩deveorppa ton⟨U+202C⟩');
    const table = new EventTable({ roomy: false }).lines([{ id: 'evt_1', timestamp: '2026-09-14T10:00:00.000Z', verdict: 'escalate', request: trickRequest } as never]);
    expect(table).not.toMatch(anyControl);
    expect(table).toContain('⟨U+2067⟩this⟨U+2069⟩');
    const { escalationDetail } = await import('../../src/store/queue/index.js');
    const detail = await escalationDetail(world.store, alice, 'esc_103');
    const text = formatDetail(detail);
    expect(text).not.toMatch(anyControl);
    expect(text).toContain('⟨U+202E⟩deveorppa ton⟨U+202C⟩');
  });
});
