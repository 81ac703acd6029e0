import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './external-tool.js';

/**
 * A real PKCS#11 token in software (Debian's softhsm2): a fresh token directory, keys imported with pkcs11-tool
 * the way an operator would, and the environment (SOFTHSM2_CONF) that points the module at it.
 */

const run = promisify(execFile);

export const SOFTHSM_MODULE =
  ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'].find((path) =>
    existsSync(path),
  ) ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  label: string;
  pin: string;
  conf: string;
  modulePath: string;
  /** Imports a PEM private key (and optionally its PEM certificate) under a label and id. */
  importKey(options: { keyPath: string; certPath?: string; label: string; id: string }): Promise<void>;
}

/** Creates a token; also sets SOFTHSM2_CONF for this process (the module reads it once, at C_Initialize). */
export async function createSoftHsmToken(options: { label?: string; pin?: string } = {}): Promise<SoftHsmToken> {
  const dir = tempDir('segl-softhsm-');
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const label = options.label ?? 'segl-test';
  const pin = options.pin ?? '123456';
  await run('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', '87654321'], {
    env,
  });
  const tool = (args: string[]) =>
    run('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', pin, ...args], { env });
  return {
    label,
    pin,
    conf,
    modulePath: SOFTHSM_MODULE,
    async importKey({ keyPath, certPath, label: keyLabel, id }) {
      const der = join(dir, `${id}.key.der`);
      await run('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', keyPath, '-outform', 'DER', '-out', der]);
      await tool(['--write-object', der, '--type', 'privkey', '--label', keyLabel, '--id', id]);
      if (certPath) {
        const certDer = join(dir, `${id}.cert.der`);
        writeFileSync(
          certDer,
          Buffer.from(readFileSync(certPath, 'utf8').replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'),
        );
        await tool(['--write-object', certDer, '--type', 'cert', '--label', keyLabel, '--id', id]);
      }
    },
  };
}
