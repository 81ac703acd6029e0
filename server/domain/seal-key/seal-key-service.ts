import type { Database } from '../../storage/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Config } from '../../lib/config.js';
import type { Sealer } from '../sealer.js';
import { recordStaffEvent } from '../staff-events/record-staff-event.js';
import type { StaffAction } from '../staff-events/staff-action.js';
import { describeSealKey, type SealKeyDescription } from './describe-seal-key.js';
import { importSealKey, resetSealKey } from './import-seal-key.js';

/** Who imports or resets the seal key, and from where (the service holds the database and clock). */
type SealKeyChanger = Pick<StaffAction, 'actorId' | 'ip'>;

/** The organisation's seal: which certificate new seals are made with, importing a PKCS#12 file, going back. */
export function createSealKeyService(context: {
  db: Database;
  clock: Clock;
  config: Config;
  /** Wraps an imported private key. */
  kek: Uint8Array;
  sealer: Pick<Sealer, 'sealIdentity'>;
}) {
  const { db, clock, config, sealer } = context;
  const show = async () => describeSealKey(await sealer.sealIdentity());
  return {
    show,
    async import(
      options: SealKeyChanger & { pkcs12: Uint8Array; passphrase: string; chainPem?: string },
    ): Promise<SealKeyDescription> {
      const { actorId, ip, ...file } = options;
      const description = await importSealKey({ config, kek: context.kek, clock, ...file });
      const { subject, issuer, notAfter, sha256 } = description;
      const data = { subject, issuer, notAfter, sha256 };
      await recordStaffEvent({
        db,
        clock,
        actorId,
        action: 'seal-key.imported',
        targetType: 'seal-key',
        targetId: sha256,
        ip,
        data,
      });
      return description;
    },
    async reset(options: SealKeyChanger): Promise<SealKeyDescription> {
      resetSealKey({ config, clock });
      const description = await show();
      const { actorId, ip } = options;
      await recordStaffEvent({
        db,
        clock,
        actorId,
        action: 'seal-key.reset',
        targetType: 'seal-key',
        targetId: description.sha256,
        ip,
      });
      return description;
    },
  };
}

export type SealKeyService = ReturnType<typeof createSealKeyService>;
