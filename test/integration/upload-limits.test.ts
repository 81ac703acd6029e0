import test from 'ava';
import { useAppliance } from '../helpers/use-appliance.js';
import { expectJson } from '../helpers/signing.js';
import { createApiToken } from '../../server/domain/tokens/create-api-token.js';
import { sendJson } from '../helpers/staff.js';

/**
 * GET /api/v1/settings/upload-limits: every signed-in sender (not only administrators) learns the appliance's upload
 * limits, so that the staff app can refuse an oversized file before sending it; the values follow the settings.
 */
const PATH = '/api/v1/settings/upload-limits';

const { appliance, admin, member } = useAppliance(test, { member: true });

test.serial('a member reads the limits; they follow what an administrator sets', async (t) => {
  const before = await member.api(PATH);
  t.is(before.headers.get('cache-control'), 'no-store');
  t.deepEqual(await expectJson(before, 200), { maxUploadBytes: 100 * 1024 * 1024, maxPages: 2000 });
  const patch = await sendJson(admin, 'PATCH', '/api/v1/settings', {
    limits: { maxUploadBytes: 5 * 1024 * 1024, maxPages: 40 },
  });
  await expectJson(patch, 200);
  t.deepEqual(await expectJson(await member.api(PATH), 200), { maxUploadBytes: 5 * 1024 * 1024, maxPages: 40 });
  // the full settings stay for administrators
  t.is((await member.api('/api/v1/settings')).status, 403);
});

test.serial('anonymous callers get 401; a token without documents:read gets 403', async (t) => {
  const anonymous = await fetch(`${appliance.url}${PATH}`);
  t.is(anonymous.status, 401);
  t.is((await anonymous.json()).error, 'unauthenticated');
  const { db, clock } = appliance.deps;
  const narrow = await createApiToken({ db, clock, userId: member.id, name: 'webhooks only', scopes: ['webhooks'] });
  const refused = await fetch(`${appliance.url}${PATH}`, { headers: { Authorization: `Bearer ${narrow.token}` } });
  t.is(refused.status, 403);
  t.is((await refused.json()).error, 'insufficient_scope');
  const reader = await createApiToken({ db, clock, userId: member.id, name: 'reader', scopes: ['documents:read'] });
  t.is((await fetch(`${appliance.url}${PATH}`, { headers: { Authorization: `Bearer ${reader.token}` } })).status, 200);
});
