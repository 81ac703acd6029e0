import test from 'ava';
import { parsePadesLevel } from '../../../server/domain/sealer.js';
import { isSeglError } from '../../../server/lib/errors.js';

test('a PAdES level is read as operators write it', (t) => {
  t.is(parsePadesLevel('b-lta'), 'B-LTA');
  t.is(parsePadesLevel(' PAdES-B-T '), 'B-T');
  t.is(parsePadesLevel('pades_b-lt'), 'B-LT');
  t.is(parsePadesLevel('B-B'), 'B-B');
});

test('anything else is 400 invalid_level, naming the levels there are', (t) => {
  for (const bad of ['', 'B-X', 'LTA', 'B-LTA-extra', 'b lta']) {
    const error = t.throws(() => parsePadesLevel(bad));
    t.true(isSeglError(error) && error.code === 'invalid_level' && error.status === 400, bad);
    t.regex(error!.message, /B-B, B-T, B-LT or B-LTA/);
  }
});
