import test from 'ava';
import { readFileSync } from 'node:fs';
import { staffEvents, type TestStaff } from '../helpers/staff.js';
import { useAppliance } from '../helpers/use-appliance.js';
import { startExternalCa, type ExternalCa } from '../helpers/external-ca.js';
import { requireTools } from '../helpers/external-tool.js';

/** The administrator API for the organisation's seal: show, import a PKCS#12 (checked, throttled, audited), reset. */

const haveTools = requireTools('openssl');
const maybe = haveTools ? test.serial : test.skip;

const { appliance, admin, member } = useAppliance(test, { admin: 'Seal Admin', member: 'Seal Member' });
let ca: ExternalCa;
let p12: Buffer;

test.before(async () => {
  if (!haveTools) return;
  ca = await startExternalCa({ name: 'Agder API Test CA' });
  p12 = readFileSync(await ca.pkcs12({ leaf: await ca.issueLeaf({ name: 'Agder Seal' }), passphrase: 'right' }));
});
test.after.always(async () => {
  await ca?.close();
});

function upload(who: TestStaff, fields: Record<string, string>, file = p12): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)], { type: 'application/x-pkcs12' }), 'seal.p12');
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return who.api('/api/v1/seal-key', { method: 'POST', body: form });
}

maybe('administrators see, import and reset the seal; members cannot', async (t) => {
  const before = await admin.api('/api/v1/seal-key');
  t.is(before.status, 200);
  t.is((await before.json()).source, 'appliance');
  t.is((await member.api('/api/v1/seal-key')).status, 403);
  t.is((await upload(member, { passphrase: 'right' })).status, 403);

  const wrong = await upload(admin, { passphrase: 'wrong' });
  t.is(wrong.status, 422);
  t.is((await wrong.json()).error, 'seal_key_wrong_passphrase');

  const imported = await upload(admin, { passphrase: 'right' });
  t.is(imported.status, 201);
  const description = await imported.json();
  t.is(description.source, 'pkcs12');
  t.regex(description.subject, /Agder Seal/);
  t.is(description.chain.length, 2);
  t.is((await (await admin.api('/api/v1/seal-key')).json()).sha256, description.sha256);
  t.deepEqual((await appliance.sealer.sealIdentity()).certificate.length > 0, true);
  t.regex(JSON.stringify(await appliance.sealer.sealIdentity().then((identity) => identity.source)), /pkcs12/);

  const events = await staffEvents(appliance, { action: 'seal-key.imported' });
  t.is(events.length, 1);
  t.false(JSON.stringify(events).includes('right'), 'the passphrase is never recorded');

  const reset = await admin.api('/api/v1/seal-key', { method: 'DELETE' });
  t.is(reset.status, 200);
  t.is((await reset.json()).source, 'appliance');
});

maybe('import attempts are throttled (passphrases are guessable)', async (t) => {
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1) statuses.push((await upload(admin, { passphrase: `guess ${i}` })).status);
  t.true(statuses.includes(429), statuses.join(','));
  const garbage = await upload(admin, { passphrase: 'x' }, Buffer.from('not a pkcs12'));
  t.true([422, 429].includes(garbage.status));
});
