import type { Context } from 'hono';
import { can, type Capability } from '../../domain/user.js';
import { forbidden } from '../../errors.js';
import { getRenderer, type Renderer } from '../../render/handlebars.js';
import { formatMinutes } from '../../render/format.js';
import { label } from './labels.js';
import type { WebEnv } from './session.js';

const withWebHelpers = new WeakSet<Renderer>();

/** The web UI's own helpers, added once to the shared Handlebars environment. */
function webRenderer(): Renderer {
  const renderer = getRenderer();
  if (withWebHelpers.has(renderer)) return renderer;
  const hbs = renderer.handlebars;
  // {{label value}} / {{label value "short"}}: the words people read for an enum value.
  hbs.registerHelper('label', (...all: unknown[]) => label(all[0], all.length > 2 && all[1] === 'short'));
  // {{ago minutes}}: an age like "3.2 h" (the shared minutes formatter).
  hbs.registerHelper('ago', (...all: unknown[]) => formatMinutes(all[0]));
  withWebHelpers.add(renderer);
  return renderer;
}

/** Renders a page template inside the web layout, with what every page shows (who is signed in, the CSRF token). */
export function renderPage(c: Context<WebEnv>, template: string, context: Record<string, unknown>, status = 200): Response {
  const session = c.var.session;
  const principal = session?.principal;
  const html = webRenderer().render(template, {
    // The top-bar section a page belongs to, unless it says otherwise: the queue (an item is part of it).
    section: 'queue',
    ...context,
    user: principal ? { ...principal, teamList: principal.teams.join(', '), canReview: can(principal, 'review'), canReport: can(principal, 'report'), canAnalyze: can(principal, 'analyze'), canEvidence: can(principal, 'evidence'), canAudit: can(principal, 'audit'), canTune: can(principal, 'tune'), canAdminister: can(principal, 'administer') } : undefined,
    csrf: session?.csrfToken,
  });
  return c.html(html, status as 200);
}

/** A page for some roles only: anyone else gets the refusal page, "Your role R may not DOING." */
export function requireCapability(c: Context<WebEnv>, capability: Capability, doing: string): void {
  const { role } = c.var.principal;
  if (!can(c.var.principal, capability)) throw forbidden(`Your role ${role} may not ${doing}.`, { role, capability });
}
