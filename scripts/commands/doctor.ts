import { parseArgs } from 'node:util';
import { EXIT, UsageError } from '../cli-output.js';
import { loadConfig } from '../../server/lib/config.js';
import { createLogger } from '../../server/lib/logger.js';
import { systemClock } from '../../server/lib/clock.js';
import { diagnoseAppliance } from '../../server/domain/metrics/diagnose-appliance.js';
import type { CommandContext } from '../segl.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

/** `segl doctor [--json]`: exit 0 when nothing failed (warnings are printed), 1 when something must be fixed. */
export async function runDoctor(context: CommandContext): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: context.args, options: { json: { type: 'boolean', default: false } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: segl doctor [--json]`);
  }
  const config = loadConfig({ dataDir: context.dataDir });
  const findings = await diagnoseAppliance({ config, clock: systemClock, logger: createLogger({ level: 'silent' }) });
  const failed = findings.some((f) => f.status === 'fail');
  if (values.json) process.stdout.write(`${JSON.stringify({ healthy: !failed, findings }, null, 2)}\n`);
  else {
    for (const finding of findings) {
      process.stdout.write(`${MARK[finding.status]}  ${finding.check}: ${finding.detail}\n`);
      if (finding.fix && finding.status !== 'ok') process.stdout.write(`      fix: ${finding.fix}\n`);
    }
    const counts = {
      warn: findings.filter((f) => f.status === 'warn').length,
      fail: findings.filter((f) => f.status === 'fail').length,
    };
    process.stdout.write(`\n${counts.fail} to fix, ${counts.warn} to look at\n`);
  }
  return failed ? EXIT.invalid : EXIT.ok;
}
