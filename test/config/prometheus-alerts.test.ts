import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { requireTools, runTool, tempDir } from '../helpers/external-tool.js';
import { REPO_ROOT } from '../helpers/cli.js';

/**
 * The example alert rules are real Prometheus rules: promtool (from Debian's prometheus package) checks them and
 * runs unit tests over synthetic series: the TSA failing, seals waiting, a certificate expiring within 30 days, a
 * backup older than a day, the disk nearly full and jobs stuck raise their alerts; healthy values raise none.
 */
const haveTools = requireTools('promtool');
const rules = resolve(REPO_ROOT, 'config/prometheus-alerts.yml');

(haveTools ? test : test.skip)('promtool accepts the rules', (t) => {
  const result = runTool('promtool', ['check', 'rules', rules]);
  t.is(result.status, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /SUCCESS: \d+ rules found/);
});

(haveTools ? test : test.skip)('the rules fire for what an operator must hear about, and stay quiet otherwise', (t) => {
  const dir = tempDir('segl-promtool-');
  const spec = readFileSync(resolve(REPO_ROOT, 'test/config/prometheus-alerts.promtool.yml'), 'utf8').replace(
    'RULES_FILE',
    rules,
  );
  writeFileSync(join(dir, 'tests.yml'), spec);
  const result = runTool('promtool', ['test', 'rules', join(dir, 'tests.yml')]);
  t.is(result.status, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /SUCCESS/);
});
