import test from 'ava';
import { loadConfig } from '../../server/lib/config.js';
import { isSeglError } from '../../server/lib/errors.js';

const code = (env: Record<string, string>) => {
  try {
    loadConfig({ env });
  } catch (error) {
    return isSeglError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return 'ok';
};

test('PKCS#11 settings: all or nothing, one PIN source', (t) => {
  t.is(loadConfig({ env: {} }).pkcs11, undefined);
  const full = {
    SEGL_PKCS11_MODULE: '/usr/lib/softhsm/libsofthsm2.so',
    SEGL_PKCS11_TOKEN_LABEL: 'seal',
    SEGL_PKCS11_KEY_LABEL: 'key',
    SEGL_PKCS11_PIN: '1234',
  };
  t.like(loadConfig({ env: full }).pkcs11, {
    modulePath: '/usr/lib/softhsm/libsofthsm2.so',
    tokenLabel: 'seal',
    keyLabel: 'key',
    pin: '1234',
  });
  t.regex(code({ ...full, SEGL_PKCS11_TOKEN_LABEL: '' }), /invalid_config: SEGL_PKCS11_TOKEN_LABEL is required/);
  t.regex(code({ ...full, SEGL_PKCS11_PIN: '' }), /SEGL_PKCS11_PIN or SEGL_PKCS11_PIN_FILE is required/);
  t.regex(code({ ...full, SEGL_PKCS11_PIN_FILE: '/run/pin' }), /only one of/);
});

test('long-term renewal settings: defaults, checks', (t) => {
  const defaults = loadConfig({ env: {} });
  t.is(defaults.ltaSchedule, '15 3 * * *');
  t.is(defaults.ltaHorizonDays, 365);
  t.deepEqual(defaults.ltaRetiredAlgorithms, []);
  t.is(loadConfig({ env: { SEGL_LTA_SCHEDULE: 'off' } }).ltaSchedule, null);
  t.deepEqual(loadConfig({ env: { SEGL_LTA_RETIRED_ALGORITHMS: 'SHA1, rsa-2048' } }).ltaRetiredAlgorithms, [
    'sha1',
    'rsa-2048',
  ]);
  t.regex(code({ SEGL_LTA_RETIRED_ALGORITHMS: 'md5' }), /unknown md5/);
  t.regex(code({ SEGL_LTA_HORIZON_DAYS: '0' }), /SEGL_LTA_HORIZON_DAYS/);
  t.regex(code({ SEGL_LTA_SCHEDULE: 'every day' }), /SEGL_LTA_SCHEDULE/);
});

test('trusted lists and the seal chain file are paths', (t) => {
  const config = loadConfig({
    env: { SEGL_TRUST_LIST_FILES: '/etc/segl/NO.xml, /etc/segl/SE.xml', SEGL_SEAL_CHAIN_FILE: '/etc/segl/chain.pem' },
  });
  t.deepEqual(config.trustListFiles, ['/etc/segl/NO.xml', '/etc/segl/SE.xml']);
  t.is(config.sealChainFile, '/etc/segl/chain.pem');
});
