import type { SignerAttributes } from '../../storage/models/signer.js';

/**
 * Who may sign now: everyone pending in parallel order; in sequential order the pending signers with the lowest
 * position (equal positions sign in parallel).
 */
export function signersWhoseTurnItIs(options: {
  order: 'parallel' | 'sequential';
  signers: SignerAttributes[];
}): SignerAttributes[] {
  const pending = options.signers.filter((s) => s.status === 'pending');
  if (options.order === 'parallel' || !pending.length) return pending;
  const first = Math.min(...pending.map((s) => s.position));
  return pending.filter((s) => s.position === first);
}
