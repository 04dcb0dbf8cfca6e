import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { falsePositiveClusters } from '../../analytics/false-positives.js';
import { KtError } from '../../errors.js';
import { parseDraft } from '../../tune/draft.js';
import { suggestNarrowing, type Suggestion } from '../../tune/suggest.js';
import { whatif, type WhatifResult } from '../../tune/whatif.js';
import { downloadResponse } from '../file-response.js';
import { verifyCsrf } from './csrf.js';
import { fieldErrorsOf, refusalInLabels, refusedField, type FieldErrors } from './field-errors.js';
import { renderPage, requireCapability } from './page.js';
import type { WebEnv } from './session.js';
import { clusterRow, suggestionView, whatifView } from './tune-view.js';

/** Noisy rules listed at most. */
const clustersShown = 10;

/** The replay form as the browser sends it. */
const draftFormSchema = z.object({
  draft: z.string().max(1024 * 1024, 'is larger than 1 MB').default(''),
  since: z.string().max(100).default(''),
  until: z.string().max(100).default(''),
  config_version: z.string().max(200).default(''),
});
type DraftForm = z.output<typeof draftFormSchema>;

const suggestQuerySchema = z.object({
  config_id: z.string().min(1).max(200),
  policy: z.string().min(1).max(200),
  reason_code: z.string().min(1).max(200),
  version: z.string().min(1).max(200),
});

interface TuneView extends FieldErrors {
  form: DraftForm;
  suggestion?: Suggestion;
  result?: WhatifResult;
  refusal?: string;
}

/** The noisy-rules list's threshold: ?min_resolved=N (a small store's rules have few reviews), 10 by default. */
const minResolvedSchema = z.coerce.number().int().min(1).max(1_000_000).catch(10);

async function showTune(c: Context<WebEnv>, view: TuneView, status = 200): Promise<Response> {
  const principal = c.var.principal;
  const minResolved = minResolvedSchema.parse(c.req.query('min_resolved') ?? 10);
  const clusters = await falsePositiveClusters(c.var.store, { cause: 'policy_logic', min_resolved: minResolved, terms: 0 }, principal);
  return renderPage(c, 'pages/tune', {
    title: 'Tune a rule',
    section: 'tune',
    // A rule none of whose reviews blamed the policy logic has nothing to narrow.
    clusters: clusters.filter((cluster) => cluster.false_positives > 0).slice(0, clustersShown).map((cluster) => clusterRow(cluster, minResolved)),
    minResolved,
    // Suggestions read the requests of every team's escalations: only for those who may see every team.
    canSuggest: principal.teams.length === 0,
    form: view.form,
    suggestion: view.suggestion && suggestionView(view.suggestion),
    result: view.result && whatifView(view.result),
    refusal: view.refusal,
    fieldErrors: view.fieldErrors,
    refusalFor: view.refusalFor,
  }, status);
}

const emptyForm: DraftForm = { draft: '', since: '90d', until: '', config_version: '' };

/** How refusals name the pasted draft (as a file). */
const draftFile = 'the draft';

/** A refusal on the draft form (`outcome` says what did not happen), beside the draft when it is about the draft (its file), else beside the field it names. */
function refusedOnForm(error: KtError, outcome: string): Pick<TuneView, 'refusal' | 'fieldErrors' | 'refusalFor'> {
  const field = error.details.file === draftFile ? 'draft' : refusedField(error);
  const message = refusalInLabels(error, windowLabels);
  return { refusal: `${outcome} ${message}`, ...fieldErrorsOf('tune', field, message) };
}

/** The replay window's fields as the form labels them; the shared message names the flags (`--since`). */
const windowLabels: Record<string, string> = { since: 'Replay since', until: 'Until' };

/**
 * The learning loop for policy owners in the browser: /tune lists the rules whose false
 * positives reviewers blamed on policy logic, suggests a narrower draft for one (the same
 * suggestNarrowing as `kt tune suggest`), and replays a draft on history (the same whatif
 * as `kt tune whatif` and POST /api/tune/whatif, which stores the prediction that
 * `kt tune verify` later checks). The draft can be edited and replayed again, or downloaded.
 */
export function tunePageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();

  router.get('/tune', async (c) => {
    requireCapability(c, 'tune', 'tune configurations');
    const asked = suggestQuerySchema.safeParse(c.req.query());
    if (!asked.success) return showTune(c, { form: emptyForm });
    if (c.var.principal.teams.length > 0) {
      return showTune(c, { form: emptyForm, refusal: 'A suggestion reads the requests of every team’s escalations; your account is limited to some teams. Paste a draft below to replay it on your teams’ events.' }, 403);
    }
    try {
      const suggestion = await suggestNarrowing(c.var.store, asked.data);
      return showTune(c, { form: { ...emptyForm, draft: suggestion.text, config_version: suggestion.base_version }, suggestion });
    } catch (error) {
      if (error instanceof KtError && ['not_found', 'bad_input'].includes(error.code)) {
        return showTune(c, { form: emptyForm, refusal: `No suggestion: ${error.message}` }, error.httpStatus);
      }
      throw error;
    }
  });

  router.post('/tune/whatif', verifyCsrf, async (c) => {
    requireCapability(c, 'tune', 'tune configurations');
    const form = draftFormSchema.parse(await c.req.parseBody());
    // Only a caller of every team is offered suggestions (see showTune).
    const orAsk = c.var.principal.teams.length === 0 ? ', or ask for a suggestion above' : '';
    if (form.draft.trim() === '') {
      const refusal = `Not replayed: paste a draft policy-config.yaml${orAsk}.`;
      return showTune(c, { form, refusal, ...fieldErrorsOf('tune', 'draft', `Paste a draft policy-config.yaml${orAsk}.`) }, 400);
    }
    try {
      const result = await whatif(c.var.store, {
        draft_text: form.draft,
        draft_file: draftFile,
        since: form.since.trim() || undefined,
        until: form.until.trim() || undefined,
        config_version: form.config_version.trim() || undefined,
      }, c.var.principal);
      return showTune(c, { form, result });
    } catch (error) {
      if (error instanceof KtError && ['bad_input', 'bad_file', 'not_found', 'forbidden'].includes(error.code)) {
        return showTune(c, { form, ...refusedOnForm(error, 'Not replayed:') }, error.httpStatus);
      }
      throw error;
    }
  });

  // The draft as a file to edit further or hand to `kt ingest configs`; checked first, so what is downloaded loads.
  router.post('/tune/draft', verifyCsrf, async (c) => {
    requireCapability(c, 'tune', 'tune configurations');
    const form = draftFormSchema.parse(await c.req.parseBody());
    let name: string;
    try {
      const draft = parseDraft(form.draft, draftFile);
      name = `${draft.config.pack.id}-${draft.config.pack.version}.yaml`;
    } catch (error) {
      if (error instanceof KtError) return showTune(c, { form, ...refusedOnForm(error, 'Not downloaded:') }, error.httpStatus);
      throw error;
    }
    return downloadResponse(c, { stream: form.draft, name, contentType: 'application/yaml; charset=utf-8' });
  });

  return router;
}
