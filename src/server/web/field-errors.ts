import type { KtError } from '../../errors.js';

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
  audit: { actor: 'a-actor', action: 'a-action', target: 'a-target', since: 'a-since', until: 'a-until' },
  // The reports page's forms, by the report each asks for.
  tuning: { config_id: 't-config', before: 't-before', after: 't-after', policy: 't-policy', reason_code: 't-reason' },
  'false-positives': { since: 'f-since', cause: 'f-cause', config_id: 'f-config', team: 'f-team', min_resolved: 'f-min' },
  volume: { config_id: 'v-config', bucket: 'v-bucket', by: 'v-by', team: 'v-team' },
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
  const controls: Record<string, string> = formControls[form];
  const id = field !== undefined && Object.hasOwn(controls, field) ? controls[field] : undefined;
  return id ? { fieldErrors: { [id]: message }, refusalFor: id } : {};
}
