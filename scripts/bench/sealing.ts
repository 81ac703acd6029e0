import type { Sealer, PadesLevel } from '../../server/domain/sealer.js';
import type { Operation } from './stats.js';

export const LEVELS: PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

/** Our sealing of one in-memory document at one level, as the loops time it. */
export function sealOperation(sealer: Sealer, level: PadesLevel): Operation {
  return (input) => sealer.sealBytes({ input, level });
}

/** Seals once and checks the contract the numbers rely on: the input is a byte-identical prefix of the output. */
export async function checkedSeal(sealer: Sealer, input: Uint8Array, level: PadesLevel): Promise<void> {
  const { output } = await sealer.sealBytes({ input, level });
  const prefixKept = output.length > input.length && Buffer.compare(output.subarray(0, input.length), input) === 0;
  if (!prefixKept) throw new Error(`sealing at ${level} did not keep the input as a prefix of the output`);
}
