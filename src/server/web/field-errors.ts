import { refusalInWords, type KtError } from '../../errors.js';

/**
 * The forms that are shown again with a refusal: each field by the name the form sends (the
 * name refusals give it in their details) and the id of the control that sends it. A field
 * with no control here (the audit's `before` cursor, the evidence team boxes, which offer only
 * the caller's teams) is refused above the form only.
 */
const formControls = {
  users: { id: 'u-id', role: 'u-role', teams: 'u-teams' },
  evidence: { from: 'e-from', to: 'e-to', escalation: 'e-escalation', reason: 'e-reason' },
  tune: { draft: 't-draft', since: 't-since', until: 't-until', config_version: 't-version' },
  queue: { team: 'f-team' },
  events: { since: 'ev-since', until: 'ev-until', verdict: 'ev-verdict', policy: 'ev-policy', reason_code: 'ev-reason', team: 'ev-team', config_id: 'ev-config', config_version: 'ev-version' },
  audit: { actor: 'a-actor', action: 'a-action', target: 'a-target', since: 'a-since', until: 'a-until' },
  // The reports page's forms, by the report each asks for.
  tuning: { config_id: 't-config', before: 't-before', after: 't-after', policy: 't-policy', reason_code: 't-reason' },
  'false-positives': { since: 'f-since', cause: 'f-cause', config_id: 'f-config', team: 'f-team', min_resolved: 'f-min' },
  volume: { config_id: 'v-config', quarter: 'v-quarter', bucket: 'v-bucket', by: 'v-by', team: 'v-team' },
} satisfies Record<string, Record<string, string>>;

export type FormName = keyof typeof formControls;

export function isFormName(name: string): name is FormName {
  return Object.hasOwn(formControls, name);
}

/** A refusal as a page shows it on its form: the message beside the control (by id), and the id the top message links to. */
export interface FieldErrors {
  fieldErrors?: Record<string, string>;
  refusalFor?: string;
}

/**
 * The field a refusal names, as a form sends it: `details.field` (kt's inputs), `details.option`
 * (a report's) or the first of `details.issues` (a schema's); `teams.0` is the teams field.
 */
export function refusedField(error: KtError): string | undefined {
  const { field, option, issues } = error.details;
  const first: unknown = Array.isArray(issues) ? issues[0] : undefined;
  const fromIssue = typeof first === 'object' && first !== null ? [(first as Record<string, unknown>).field, (first as Record<string, unknown>).option] : [];
  const named = [field, option, ...fromIssue].find((v): v is string => typeof v === 'string' && v !== '');
  return named?.split('.')[0];
}

/** `message` beside the control of `field` on `form`; nothing when the form has no such field (the top message says it alone). */
export function fieldErrorsOf(form: FormName, field: string | undefined, message: string): FieldErrors {
  return everyFieldErrorOf(form, [{ field, message }]);
}

/**
 * Each message beside the control of its field, the first field's kept where the same field
 * is refused twice; the top message links to the first field the form has. A schema refuses
 * every bad field at once, so a person fixes them all in one go instead of one per send.
 */
export function everyFieldErrorOf(form: FormName, refused: ReadonlyArray<{ field: string | undefined; message: string }>): FieldErrors {
  const controls: Record<string, string> = formControls[form];
  const fieldErrors: Record<string, string> = {};
  let refusalFor: string | undefined;
  for (const { field, message } of refused) {
    const id = field !== undefined && Object.hasOwn(controls, field) ? controls[field] : undefined;
    if (id === undefined || Object.hasOwn(fieldErrors, id)) continue;
    fieldErrors[id] = message;
    refusalFor ??= id;
  }
  return refusalFor ? { fieldErrors, refusalFor } : {};
}

/** What the top message adds when more fields than the one it says are marked: ` 1 more field is marked below.` */
export function alsoMarked(errors: FieldErrors): string {
  const more = Object.keys(errors.fieldErrors ?? {}).length - 1;
  return more > 0 ? ` ${more} more field${more === 1 ? ' is' : 's are'} marked below.` : '';
}

/**
 * The issues of a schema's refusal after its first (the one the message says), as
 * `details.issues` lists them: each with its field as the form sends it (`teams.0` is `teams`).
 */
export function laterIssuesOf(error: KtError): Array<Record<string, unknown> & { field: string | undefined }> {
  const { issues } = error.details;
  if (!Array.isArray(issues)) return [];
  return issues.slice(1).flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const parts = issue as Record<string, unknown>;
    const named = [parts.field, parts.option].find((v): v is string => typeof v === 'string' && v !== '');
    return [{ ...parts, field: named?.split('.')[0] }];
  });
}

/**
 * A refusal in a form's words: the option it names said with the form's label for it
 * (`labels`, by option), else its message as the shared code gave it.
 */
export function refusalInLabels(error: KtError, labels: Readonly<Record<string, string>>): string {
  return refusalInWords(error, (option) => (Object.hasOwn(labels, option) ? labels[option] : undefined)) ?? error.message;
}
