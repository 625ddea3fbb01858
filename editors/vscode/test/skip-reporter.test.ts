// test/skip-reporter.mjs, which test.sh uses so that skipped tests are listed
// at the end of the run: a nested `node --test` with a passing, a skipped
// and a self-skipping test writes exactly the two skips, with their reasons,
// to the GLOSS_SKIP_LOG it is given (not to this run's).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const reporter = path.resolve(__dirname, '..', 'test', 'skip-reporter.mjs');

test('the skip reporter records each skipped test and its reason', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gloss-skips-'));
  try {
    const file = path.join(dir, 'sample.test.js');
    fs.writeFileSync(
      file,
      [
        "const { test } = require('node:test');",
        "test('runs', () => {});",
        "test('needs a tool', { skip: 'tool not found' }, () => {});",
        "test('finds out it cannot run', (t) => { t.skip('no data\\tfolder'); });",
      ].join('\n'),
    );
    const log = path.join(dir, 'skipped.log');
    const env: NodeJS.ProcessEnv = { ...process.env, GLOSS_SKIP_LOG: log };
    // This run's own marker would make the nested run report to it instead.
    delete env.NODE_TEST_CONTEXT;
    const r = cp.spawnSync(
      process.execPath,
      ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${reporter}`,
        '--test-reporter-destination=stdout', file],
      { env, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(fs.readFileSync(log, 'utf8').split('\n'), [
      'vscode sample.test.ts: needs a tool\ttool not found',
      'vscode sample.test.ts: finds out it cannot run\tno data folder',
      '',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
