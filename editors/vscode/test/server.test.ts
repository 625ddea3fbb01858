// Against the real binary: GLOSS_BIN (test.sh sets it to the one cargo built,
// wherever CARGO_TARGET_DIR puts it; when set, it must exist), else release
// or debug in $CARGO_TARGET_DIR or ../../target, else PATH; skipped, with the
// reason recorded, when there is none. The server accepts the
// initializationOptions the extension sends and reports indexing progress the
// status bar understands, and `gloss check` output converts to diagnostics.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkArgs, findOnPath, serverLaunch } from '../src/options';
import { CorpusState, ProgressValue, nextCorpusState, parseReport, reportToDiagnostics, statusText } from '../src/report';

const repo = path.resolve(__dirname, '..', '..', '..');
const examples = path.join(repo, 'examples');
const isExecutable = (f: string) => {
  try {
    fs.accessSync(f, fs.constants.X_OK);
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
};
const targetDir = path.resolve(repo, process.env.CARGO_TARGET_DIR || 'target');
const candidates = [path.join(targetDir, 'release/gloss'), path.join(targetDir, 'debug/gloss')];
// An explicit GLOSS_BIN is never replaced by another binary: if it is wrong, the tests fail.
const bin =
  process.env.GLOSS_BIN ||
  candidates.find(isExecutable) ||
  findOnPath('gloss', { pathEnv: process.env.PATH, platform: process.platform, isExecutable });
const skip = !bin
  ? `no gloss binary (GLOSS_BIN unset, none in ${targetDir}/{release,debug}, none on PATH)`
  : !fs.existsSync(path.join(examples, 'review.md'))
    ? `no ${path.join(examples, 'review.md')}`
    : false;
const requireBin = () =>
  assert.ok(bin && isExecutable(bin), `GLOSS_BIN=${process.env.GLOSS_BIN} is not an executable file`);

test('gloss lsp: settings accepted, indexing progress ends in "N works"', { skip, timeout: 60_000 }, async () => {
  requireBin();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const rpc = require('vscode-jsonrpc/node');
  const launch = serverLaunch(
    { path: bin, corpus: 'corpus', bibliography: ['corpus/references.bib'], severity: { 'unsupported-claim': 'off' }, debounce: 50 },
    { workspaceFolder: examples, isExecutable },
  );
  const child = cp.spawn(launch.command, launch.args, { cwd: examples, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let state: CorpusState = { phase: 'starting', tokens: [] };
  const done = new Promise<void>((resolve) => {
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/configuration', () => [null]);
    conn.onNotification('$/progress', (p: { token: string; value: ProgressValue }) => {
      state = nextCorpusState(state, p.token, p.value);
      if (state.phase === 'ready') resolve();
    });
  });
  const diagnostics = new Promise<{ source?: string }[]>((resolve) =>
    conn.onNotification('textDocument/publishDiagnostics', (p: { diagnostics: { source?: string }[] }) => {
      if (p.diagnostics.length) resolve(p.diagnostics);
    }),
  );
  conn.listen();
  try {
    const root = pathToFileURL(examples).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'examples' }],
      initializationOptions: launch.initializationOptions,
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    await conn.sendNotification('initialized', {});
    const file = path.join(examples, 'review.md');
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: pathToFileURL(file).href, languageId: 'markdown', version: 1, text: fs.readFileSync(file, 'utf8') },
    });
    await done;
    assert.match(statusText(state, 0, 0), /^gloss: \d+ works?$/);
    const diags = await diagnostics;
    assert.ok(diags.every((d) => d.source === 'gloss'), 'diagnostics carry source "gloss" (the status bar counts on it)');
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    child.kill();
  }
});

test('gloss check --format json converts to diagnostics', { skip, timeout: 60_000 }, () => {
  requireBin();
  const args = checkArgs({ severity: { 'unsupported-claim': 'off' } }, ['review.md'], { workspaceFolder: examples });
  const r = cp.spawnSync(bin!, args, { cwd: examples, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const files = reportToDiagnostics(parseReport(r.stdout), examples, (p) => fs.readFileSync(p, 'utf8'));
  assert.equal(files[0].path, path.join(examples, 'review.md'));
  assert.ok(files[0].diagnostics.length > 0);
  assert.ok(!files[0].diagnostics.some((d) => d.code === 'unsupported-claim'), 'severity flag passed');
  const lines = fs.readFileSync(files[0].path, 'utf8').split('\n');
  for (const d of files[0].diagnostics) {
    assert.ok(d.range.start.line < lines.length);
    for (const rel of d.related) {
      assert.ok(fs.existsSync(rel.path), rel.path);
    }
  }
});
