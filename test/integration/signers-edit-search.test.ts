/**
 * Drafts' signers can be changed, removed and put in another order (and not once the document is sent), each change
 * audited; search finds documents by title, code (any case, hyphens optional), signer name and e-mail, never what the
 * caller may not see, and nothing of an erased document but its code. SQLite and, when configured, PostgreSQL.
 */
import test from 'ava';
import { createSamplePdf } from '../../scripts/lib/sample-pdf.js';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.js';
import { createFolder, grantFolder, uploadDocument } from '../helpers/documents.js';
import { expectJson } from '../helpers/signing.js';
import { createTestStaff, sendJson, type TestStaff } from '../helpers/staff.js';
import { createTestDatabase, postgresAdminUrl } from '../helpers/postgres.js';

const databases: { name: string; env: () => Promise<Record<string, string>> }[] = [
  { name: 'sqlite', env: async () => ({}) },
];
const pgAdmin = postgresAdminUrl();
const drops: (() => Promise<void>)[] = [];
if (pgAdmin) {
  databases.push({
    name: 'postgres',
    env: async () => {
      const created = await createTestDatabase(pgAdmin);
      drops.push(created.drop);
      return { DATABASE_URL: created.url };
    },
  });
}
test.after.always(async () => {
  for (const drop of drops) await drop();
});

for (const database of databases) {
  let appliance: TestAppliance;
  let admin: TestStaff;
  let member: TestStaff;
  let folder: string;
  let hidden: string;

  test.serial.before(async () => {
    appliance = await startTestAppliance({ env: await database.env(), jobs: false });
    admin = await createTestStaff(appliance, 'admin');
    member = await createTestStaff(appliance, 'member');
    folder = await createFolder(appliance, { name: `Contracts ${database.name}` });
    hidden = await createFolder(appliance, { name: `Board ${database.name}` });
    await grantFolder(appliance, { folderId: folder, userId: member.id, role: 'editor' });
  });
  test.serial.after.always(async () => appliance?.close());

  const pdf = () => createSamplePdf({ pages: 1 });
  const draft = async (who: TestStaff, title: string, folderId: string) =>
    expectJson(await uploadDocument(who, { bytes: await pdf(), title, folderId }), 201);
  const addSigner = async (id: string, name: string, email: string) =>
    expectJson(
      await sendJson(member, 'POST', `/api/v1/documents/${id}/signers`, { name, email, authMethod: 'email-otp' }),
      201,
    );
  const search = async (who: TestStaff, q: string, extra = '') =>
    (
      (await expectJson(await who.api(`/api/v1/documents?q=${encodeURIComponent(q)}${extra}`), 200)).documents as {
        id: string;
      }[]
    ).map((d) => d.id);

  test.serial(
    `${database.name}: signers of a draft are changed, removed and reordered; each change is audited`,
    async (t) => {
      const doc = await draft(member, 'Lease agreement', folder);
      const a = await addSigner(doc.id, 'Kari Nordmann', 'kari@example.org');
      const b = await addSigner(doc.id, 'Ola Hansen', 'ola@example.org');
      const c = await addSigner(doc.id, 'Per Berg', 'per@example.org');
      let signers = (
        await expectJson(
          await sendJson(member, 'PATCH', `/api/v1/documents/${doc.id}/signers/${b.id}`, {
            name: 'Ola Hansen Jr',
            email: 'OLA.JR@example.org',
            language: 'en',
          }),
          200,
        )
      ).signers;
      t.like(
        signers.find((s: { id: string }) => s.id === b.id),
        { name: 'Ola Hansen Jr', email: 'ola.jr@example.org', language: 'en', position: 2 },
      );
      t.is(signers.find((s: { id: string }) => s.id === a.id).language, 'nb', 'the document language is the default');
      const taken = await sendJson(member, 'PATCH', `/api/v1/documents/${doc.id}/signers/${b.id}`, {
        email: 'kari@example.org',
      });
      t.is(taken.status, 409);
      t.is((await taken.json()).error, 'signer_exists');
      t.is(
        (await sendJson(member, 'PATCH', `/api/v1/documents/${doc.id}/signers/${b.id}`, {})).status,
        422,
        'an empty change is refused',
      );
      t.is(
        (await sendJson(member, 'PATCH', `/api/v1/documents/${doc.id}/signers/${b.id}`, { authMethod: 'oidc:nowhere' }))
          .status,
        422,
      );
      signers = (
        await expectJson(
          await sendJson(member, 'PUT', `/api/v1/documents/${doc.id}/signers/order`, { signerIds: [c.id, a.id, b.id] }),
          200,
        )
      ).signers;
      t.deepEqual(
        signers.map((s: { id: string; position: number }) => [s.id, s.position]),
        [
          [c.id, 1],
          [a.id, 2],
          [b.id, 3],
        ],
      );
      t.is(
        (await sendJson(member, 'PUT', `/api/v1/documents/${doc.id}/signers/order`, { signerIds: [c.id, a.id] }))
          .status,
        422,
        'every signer must be listed',
      );
      t.is(
        (await sendJson(member, 'PUT', `/api/v1/documents/${doc.id}/signers/order`, { signerIds: [c.id, a.id, a.id] }))
          .status,
        422,
        'each once',
      );
      signers = (await expectJson(await sendJson(member, 'DELETE', `/api/v1/documents/${doc.id}/signers/${c.id}`), 200))
        .signers;
      t.deepEqual(
        signers.map((s: { id: string; position: number }) => [s.id, s.position]),
        [
          [a.id, 1],
          [b.id, 2],
        ],
        'the others move up',
      );
      t.is((await sendJson(member, 'DELETE', `/api/v1/documents/${doc.id}/signers/${c.id}`)).status, 404);
      const trail = await expectJson(await member.api(`/api/v1/documents/${doc.id}/audit-trail`), 200);
      const types = trail.events.map((e: { type: string }) => e.type);
      for (const type of ['signer.updated', 'signer.reordered', 'signer.removed']) t.true(types.includes(type), type);
      t.true(trail.chain.intact);
      await expectJson(await sendJson(member, 'POST', `/api/v1/documents/${doc.id}/send`, {}), 200);
      for (const [method, path, body] of [
        ['PATCH', `/signers/${a.id}`, { name: 'Late' }],
        ['DELETE', `/signers/${a.id}`, undefined],
        ['PUT', '/signers/order', { signerIds: [b.id, a.id] }],
      ] as const) {
        const response = await sendJson(member, method, `/api/v1/documents/${doc.id}${path}`, body);
        t.is(response.status, 409, `${method} ${path} after sending`);
        t.is((await response.json()).error, 'document_not_draft');
      }
    },
  );

  test.serial(`${database.name}: a viewer or an outsider cannot change signers`, async (t) => {
    const doc = await draft(admin, 'Board minutes', hidden);
    const signer = await expectJson(
      await sendJson(admin, 'POST', `/api/v1/documents/${doc.id}/signers`, {
        name: 'X',
        email: 'x@example.org',
        authMethod: 'email-otp',
      }),
      201,
    );
    t.is(
      (await sendJson(member, 'PATCH', `/api/v1/documents/${doc.id}/signers/${signer.id}`, { name: 'Y' })).status,
      404,
      'no existence oracle',
    );
    const viewer = await createTestStaff(appliance, 'member');
    await grantFolder(appliance, { folderId: hidden, userId: viewer.id, role: 'viewer' });
    t.is((await sendJson(viewer, 'DELETE', `/api/v1/documents/${doc.id}/signers/${signer.id}`)).status, 403);
  });

  test.serial(
    `${database.name}: search by title, code with or without hyphens in any case, signer name and e-mail`,
    async (t) => {
      const lease = await draft(member, 'Leieavtale Storgata 5', folder);
      await addSigner(lease.id, 'Åse Øvergård', 'ase.overgard@example.no');
      const other = await draft(member, 'Something else', folder);
      const secret = await draft(admin, 'Leieavtale secret board', hidden);
      const only = async (q: string, who = member) => {
        const ids = await search(who, q);
        t.true(ids.includes(lease.id), `"${q}" finds the lease`);
        t.false(ids.includes(other.id), `"${q}" does not find the other document`);
        return ids;
      };
      await only('storgata');
      await only('LEIEAVTALE storgata');
      await only(lease.code);
      await only(lease.code.toLowerCase());
      await only(lease.code.replace(/-/g, ''));
      await only(lease.code.replace(/-/g, ' ').toLowerCase());
      await only(lease.code.slice(5, 9).toLowerCase());
      await only(lease.code.replace(/0/g, 'O').replace(/1/g, 'l'));
      await only('øvergård');
      await only('ÅSE');
      await only('ase.overgard@example');
      await only('example.no');
      t.false(
        (await only('leieavtale')).includes(secret.id),
        'a document in a folder the member cannot see is never found',
      );
      t.true((await search(admin, 'leieavtale')).includes(secret.id), 'the administrator finds it');
      t.deepEqual(await search(member, 'storgata kari'), [], 'every word must match');
      t.deepEqual(await search(member, '100%_'), [], 'LIKE wildcards are plain characters');
      t.true((await search(member, 'storgata', `&folderId=${folder}&status=draft`)).includes(lease.id), 'with filters');
      t.deepEqual(await search(member, 'storgata', '&status=pending'), []);
      t.deepEqual(
        await search(
          member,
          'storgata',
          `&createdFrom=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
        ),
        [],
      );
      // a changed signer is found by the new name only
      const signers = (await expectJson(await member.api(`/api/v1/documents/${lease.id}/signers`), 200)).signers;
      await expectJson(
        await sendJson(member, 'PATCH', `/api/v1/documents/${lease.id}/signers/${signers[0].id}`, {
          name: 'Ingrid Dahl',
          email: 'ingrid@example.no',
        }),
        200,
      );
      t.deepEqual(await search(member, 'øvergård'), []);
      await only('ingrid dahl');
      // erased: the title and the signers are gone from search too; the code still finds the tombstone
      await expectJson(await sendJson(admin, 'DELETE', `/api/v1/documents/${lease.id}?erase=true`), 200);
      t.deepEqual(await search(admin, 'ingrid', '&status=deleted'), []);
      t.deepEqual(await search(admin, 'storgata', '&status=deleted'), []);
      t.deepEqual(await search(admin, lease.code, '&status=deleted'), [lease.id]);
    },
  );
}
