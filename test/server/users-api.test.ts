import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { openWorld, type World } from '../review/seed.js';
import { call } from './request.js';

let world: World;
beforeEach(async () => {
  world = await openWorld();
});
afterEach(() => world.close());

describe('POST /api/users', () => {
  it('refuses the names that already mean something else, naming the field, and adds no one', async () => {
    const app = createApp(world.store);
    const system = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'system', role: 'reviewer' });
    expect(system.status).toBe(400);
    expect(system.json.error).toMatchObject({ code: 'bad_input', message: "Invalid body: id is reserved (system is the actor of kt's own audit entries); choose another name" });
    const me = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'ME', role: 'reviewer' });
    expect(me.status).toBe(400);
    expect(me.json.error.message).toBe('Invalid body: id is reserved (owner=me means the caller in the queue filter); choose another name');
    const users = await call(app, 'GET', '/api/users', world.tokens.admin);
    const ids = users.json.users.map((u: { id: string }) => u.id.toLowerCase());
    expect(ids).not.toContain('system');
    expect(ids).not.toContain('me');
    // Names that merely start with them are fine.
    expect((await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'systems-bot', role: 'reviewer' })).status).toBe(201);
  });

  it('refuses an id that differs from an existing user only in case (alice and Alice read as one person in the audit log)', async () => {
    const app = createApp(world.store);
    const first = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'dana', role: 'reviewer', teams: ['support'] });
    expect(first.status).toBe(201);
    const twin = await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'Dana', role: 'admin' });
    expect(twin.status).toBe(409);
    expect(twin.json.error).toEqual({
      code: 'conflict',
      message: 'User dana already exists (active); Dana differs from it only in case and would read as the same person in the audit log, so choose another name.',
      details: { id: 'Dana', field: 'id', existing: 'dana' },
    });
    const users = await call(app, 'GET', '/api/users', world.tokens.admin);
    expect(users.json.users.map((u: { id: string }) => u.id)).not.toContain('Dana');
    // The same id again is refused as before.
    expect((await call(app, 'POST', '/api/users', world.tokens.admin, { id: 'dana', role: 'reviewer' })).json.error.message).toBe('User dana already exists (active); choose another name.');
  });
});
