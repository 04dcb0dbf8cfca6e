import { describe, expect, it } from 'vitest';
import type { EventSources } from '../../src/events/summary.js';
import { aroundText } from '../../src/server/web/escalation-view.js';

const sources = (teams: Array<[string | null, number]>, inAll = teams.length, events = teams.reduce((sum, [, n]) => sum + n, 0)): EventSources => ({
  of: 'flagged',
  events,
  teams: teams.map(([team, events]) => ({ team, events })),
  reasons: [],
  configs: [],
  in_all: { teams: inAll, reasons: 0, configs: 0 },
});

describe('aroundText (beside an escalation\'s "Events like this one")', () => {
  it('says how many were flagged and in which teams, the biggest first', () => {
    expect(aroundText(sources([]))).toBeUndefined();
    expect(aroundText(sources([['support', 1]]))).toBe('this one alone');
    expect(aroundText(sources([['support', 1_204]]))).toBe('1,204 flagged, all in support');
    expect(aroundText(sources([['support', 8], ['sales', 3], [null, 1]]))).toBe('12 flagged, from 3 teams: support 8, sales 3, no team 1');
  });

  it('names the teams it lists and counts the ones it does not', () => {
    // The lists hold the ten biggest: two more teams exist, with an event each, counted in the total.
    const ten = Array.from({ length: 10 }, (_, i): [string, number] => [`team${i}`, 10 - i]);
    expect(aroundText(sources(ten, 12, 57))).toBe(`57 flagged, from 12 teams: ${ten.map(([t, n]) => `${t} ${n}`).join(', ')} and 2 more`);
  });
});
