import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { isTeamLimitedAdmin, roles, userIdSchema } from '../../domain/user.js';
import { KtError } from '../../errors.js';
import { formatDate } from '../../render/format.js';
import { createUser, listUsers, revokeUser, userById, type User } from '../../store/users.js';
import { verifyCsrf } from './csrf.js';
import { alsoMarked, everyFieldErrorOf, laterIssuesOf, refusedField, type FieldErrors } from './field-errors.js';
import { label } from './labels.js';
import { renderPage, requireCapability } from './page.js';
import type { WebEnv } from './session.js';

/** The add-user form as the browser sends it; the store's schema has the last word. */
const addFormSchema = z.object({
  id: z.string().max(200).default(''),
  role: z.string().max(50).default(''),
  teams: z.string().max(50_000).default(''),
});
type AddForm = z.output<typeof addFormSchema>;

function userRow(user: User, me: string) {
  return {
    id: user.id,
    role: label(user.role),
    teams: user.teams.length > 0 ? user.teams.join(', ') : 'All teams',
    created: formatDate(user.created_at),
    revoked: user.revoked_at ? formatDate(user.revoked_at) : undefined,
    // An older store's admin limited to teams: its token is refused at sign-in (see isTeamLimitedAdmin).
    refused: !user.revoked_at && isTeamLimitedAdmin(user),
    isMe: user.id === me,
  };
}

interface UsersView extends FieldErrors {
  form?: AddForm;
  refusal?: string;
  notice?: string;
  /** The new user and their token: shown on this one answer, never again. */
  added?: { id: string; token: string };
  /** A revocation asked for and waiting for its confirmation. */
  confirmRevoke?: string;
}

async function showUsers(c: Context<WebEnv>, view: UsersView, status = 200): Promise<Response> {
  const users = await listUsers(c.var.store);
  const me = c.var.principal.id;
  const form = view.form ?? { id: '', role: 'reviewer', teams: '' };
  const response = renderPage(c, 'pages/users', {
    title: 'Users',
    section: 'users',
    users: users.map((u) => userRow(u, me)),
    roles: roles.map((r) => ({ value: r, text: label(r), selected: r === form.role })),
    form,
    refusal: view.refusal,
    fieldErrors: view.fieldErrors,
    refusalFor: view.refusalFor,
    notice: view.notice,
    added: view.added,
    confirmRevoke: view.confirmRevoke,
  }, status);
  // A page that carries a token must not stay in any cache.
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

/**
 * The admin's users page: who may use kt with which role and teams, adding a user (their token
 * is shown on the answer, once; the store keeps only its hash) and revoking one after a
 * confirmation (their token and web sessions stop working at once). The same createUser,
 * listUsers and revokeUser as `kt users` and /api/users; each change is in the audit trail.
 */
export function usersPageRouter(): Hono<WebEnv> {
  const router = new Hono<WebEnv>();

  router.get('/users', async (c) => {
    requireCapability(c, 'administer', 'manage users');
    const revoked = userIdSchema.safeParse(c.req.query('revoked'));
    // The notice names a user only when the store says they are revoked: nothing from the URL is echoed as is.
    const user = revoked.success ? await userById(c.var.store, revoked.data) : undefined;
    return showUsers(c, { notice: user?.revoked_at ? `User ${user.id} is revoked: their token and sessions no longer work.` : undefined });
  });

  router.post('/users', verifyCsrf, async (c) => {
    requireCapability(c, 'administer', 'manage users');
    const form = addFormSchema.parse(await c.req.parseBody());
    const teams = form.teams.split(',').map((t) => t.trim()).filter(Boolean);
    try {
      const { user, token } = await createUser(c.var.store, { id: form.id.trim(), role: form.role, teams }, c.var.principal.id);
      return showUsers(c, { added: { id: user.id, token } });
    } catch (error) {
      if (error instanceof KtError && (error.code === 'bad_input' || error.code === 'conflict')) {
        // Every field the schema refused, each beside its control, said as the first is.
        const refused = [
          { field: refusedField(error), message: error.message },
          ...laterIssuesOf(error).map((issue) => ({ field: issue.field, message: `Invalid user ${issue.field ?? ''} ${JSON.stringify(issue.value)}: ${String(issue.message)}.` })),
        ];
        const marked = everyFieldErrorOf('users', refused);
        return showUsers(c, { form, refusal: `Not added: ${error.message}${alsoMarked(marked)}`, ...marked }, error.httpStatus);
      }
      throw error;
    }
  });

  router.post('/users/:id/revoke', verifyCsrf, async (c) => {
    requireCapability(c, 'administer', 'manage users');
    const id = userIdSchema.safeParse(c.req.param('id'));
    if (!id.success) throw new KtError('not_found', 'No such user.');
    if (id.data === c.var.principal.id) {
      return showUsers(c, { refusal: 'You cannot revoke yourself here: you would be signed out with no way back. Another admin, or kt users revoke on the server, can.' }, 409);
    }
    const form = await c.req.parseBody();
    if (form.confirm !== 'yes') {
      const user = await userById(c.var.store, id.data);
      if (!user) throw new KtError('not_found', `No user ${id.data}.`, { id: id.data });
      return showUsers(c, { confirmRevoke: user.id });
    }
    try {
      await revokeUser(c.var.store, id.data, c.var.principal.id);
    } catch (error) {
      if (error instanceof KtError && error.code === 'conflict') return showUsers(c, { refusal: error.message }, 409);
      throw error;
    }
    return c.redirect(`/users?revoked=${encodeURIComponent(id.data)}`, 303);
  });

  return router;
}
