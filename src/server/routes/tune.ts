import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { badInput, forbidden } from '../../errors.js';
import { suggestInputSchema, suggestNarrowing } from '../../tune/suggest.js';
import { whatif } from '../../tune/whatif.js';
import { requireCapability } from '../auth.js';
import type { AppEnv } from '../env.js';
import { fromZodError } from '../errors.js';
import { isJsonMediaType, readJsonBody } from '../json-body.js';
import { queryOf } from '../query.js';

/** JSON form: the draft YAML as a string field, with the replay window. */
const whatifJson = z.object({
  draft: z.string().min(1, 'is required: the draft policy-config.yaml as text'),
  since: z.string().min(1).optional(),
  until: z.string().min(1).optional(),
  config_version: z.string().min(1).optional(),
}).strict(); // a misspelt window field (say "untill") must not silently replay the default window
const whatifQuery = whatifJson.omit({ draft: true });

/**
 * POST /api/tune/whatif (policy owners, admins): replay a draft, as `kt tune whatif`.
 * The body is either JSON {draft, since?, until?, config_version?} or the YAML itself
 * (Content-Type application/yaml or text/yaml) with the window in the query string.
 */
export const tuneRouter = new Hono<AppEnv>()
  .use(requireCapability('tune'))
  // GET /api/tune/suggest?config_id&policy&reason_code&version?&max_terms?: a narrower draft, as `kt tune suggest`
  // (not written anywhere: the answer carries the draft's text). It reads every team's requests, so team-limited callers are refused.
  .get('/suggest', queryOf(suggestInputSchema), async (c) => {
    const principal = c.get('principal');
    if (principal.teams.length > 0) {
      throw forbidden(`A suggestion reads the requests of every team's escalations; ${principal.id} is limited to ${principal.teams.join(', ')}.`, { teams: principal.teams });
    }
    return c.json(await suggestNarrowing(c.get('store'), c.req.valid('query')));
  })
  .post('/whatif', bodyLimit({ maxSize: 1024 * 1024, onError: () => { throw badInput('The draft is larger than 1 MB.'); } }), queryOf(whatifQuery), async (c) => {
    const type = c.req.header('Content-Type') ?? '';
    const query = c.req.valid('query');
    let input: z.output<typeof whatifJson>;
    if (/yaml/i.test(type)) {
      const draft = await c.req.text();
      // Named as the caller sent it: the whatif's own check would call it draft_text.
      if (draft.trim() === '') throw badInput('The body is empty; send the draft policy-config.yaml as the body.', { content_type: type });
      input = { ...query, draft };
    } else if (isJsonMediaType(type)) {
      // One place for the window: a JSON body carries it, a query string beside it would be ignored.
      const given = Object.keys(query);
      if (given.length > 0) {
        throw badInput(`Invalid query: ${given.join(', ')} belong${given.length === 1 ? 's' : ''} in the JSON body with the draft (the query string carries the window only when the draft is sent as YAML).`, { query: given });
      }
      const body = whatifJson.safeParse(await readJsonBody(c));
      if (!body.success) throw fromZodError(body.error, 'body');
      input = body.data;
    } else {
      const sent = type ? `as ${type}` : 'without a Content-Type';
      throw badInput(`The draft was sent ${sent}; send it as application/json {draft, since?, until?, config_version?} or as application/yaml.`, { content_type: type || null, expected: ['application/json', 'application/yaml'] });
    }
    const { draft, ...window } = input;
    return c.json(await whatif(c.get('store'), { draft_text: draft, draft_file: 'request body', ...window }, c.get('principal')));
  });
