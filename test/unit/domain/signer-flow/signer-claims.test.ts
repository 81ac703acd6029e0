import test from 'ava';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startTestAppliance } from '../../../helpers/appliance.js';
import { createTestStaff } from '../../../helpers/staff.js';
import { createDraft } from '../../../helpers/signing.js';
import {
  openSignerClaims,
  rewrapSignerClaims,
  sealSignerClaims,
} from '../../../../server/domain/signer-flow/signer-claims.js';

test(
  'sealed identity claims open only for their signer, and key rotation re-seals them (a rerun ' + 'changes nothing)',
  async (t) => {
    const appliance = await startTestAppliance({ jobs: false });
    try {
      const staff = await createTestStaff(appliance, 'admin');
      const draft = await createDraft(staff, {
        signers: [
          { name: 'Kari Nordmann', email: 'kari@example.org' },
          { name: 'Ola', email: 'ola@example.org' },
        ],
      });
      const [kari, ola] = draft.signerIds as [string, string];
      const oldKek = new Uint8Array(randomBytes(32));
      const newKek = new Uint8Array(randomBytes(32));
      const claims = { sub: 'abc', name: 'Kari Nordmann', nin: '01017012345' };
      const sealed = sealSignerClaims({ kek: oldKek, signerId: kari, claims });
      t.false(sealed.includes('01017012345'));
      t.deepEqual(openSignerClaims({ kek: oldKek, signerId: kari, sealed }), claims);
      t.throws(() => openSignerClaims({ kek: oldKek, signerId: ola, sealed }), undefined, 'bound to its signer');
      const { Signer } = appliance.deps.db.models;
      await Signer.update(
        {
          identity: JSON.stringify({
            method: 'oidc:bankid',
            level: 'strong',
            nationalIdMasked: '010170*****',
            sealedClaims: sealed,
          }),
        },
        { where: { id: kari } },
      );
      t.is(await rewrapSignerClaims({ db: appliance.deps.db, oldKek, newKek }), 1);
      t.is(await rewrapSignerClaims({ db: appliance.deps.db, oldKek, newKek }), 0);
      const stored = JSON.parse((await Signer.findByPk(kari, { raw: true }))!.identity!) as {
        sealedClaims: string;
        nationalIdMasked: string;
      };
      t.is(stored.nationalIdMasked, '010170*****');
      t.deepEqual(openSignerClaims({ kek: newKek, signerId: kari, sealed: stored.sealedClaims }), claims);
      t.throws(() => openSignerClaims({ kek: oldKek, signerId: kari, sealed: stored.sealedClaims }));
    } finally {
      await appliance.close();
      rmSync(appliance.dataDir, { recursive: true, force: true });
    }
  },
);
