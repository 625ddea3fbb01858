// The client options builder: which binary, which arguments, which settings.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  Environment,
  checkArgs,
  documentSelector,
  initializationOptions,
  missingBinaryMessage,
  resolvePath,
  serverLaunch,
} from '../src/options';

function env(executables: string[], extra: Partial<Environment> = {}): Environment {
  return {
    workspaceFolder: '/ws',
    pathEnv: '/usr/bin:/opt/gloss/bin',
    platform: 'linux',
    home: '/home/me',
    isExecutable: (f) => executables.includes(f),
    ...extra,
  };
}

test('gloss on PATH when gloss.path is not set', () => {
  const l = serverLaunch({}, env(['/opt/gloss/bin/gloss']));
  assert.equal(l.command, '/opt/gloss/bin/gloss');
  assert.deepEqual(l.args, ['lsp']);
  assert.equal(l.found, true);
  assert.equal(l.origin, 'PATH');
});

test('gloss.path wins over PATH', () => {
  const l = serverLaunch({ path: '/src/gloss/target/release/gloss' }, env(['/opt/gloss/bin/gloss', '/src/gloss/target/release/gloss']));
  assert.equal(l.command, '/src/gloss/target/release/gloss');
  assert.equal(l.origin, 'setting');
  assert.equal(l.found, true);
});

test('gloss.path: relative to the workspace, ~ expanded, a bare name searched on PATH', () => {
  assert.equal(serverLaunch({ path: 'target/debug/gloss' }, env(['/ws/target/debug/gloss'])).command, '/ws/target/debug/gloss');
  assert.equal(serverLaunch({ path: '~/.cargo/bin/gloss' }, env(['/home/me/.cargo/bin/gloss'])).command, '/home/me/.cargo/bin/gloss');
  const bare = serverLaunch({ path: 'gloss-dev' }, env(['/usr/bin/gloss-dev']));
  assert.equal(bare.command, 'gloss-dev');
  assert.equal(bare.found, true);
  assert.equal(resolvePath('  gloss ', {}), 'gloss');
});

test('a missing binary is reported with how to install it', () => {
  const none = serverLaunch({}, env([]));
  assert.equal(none.found, false);
  assert.equal(none.command, 'gloss');
  assert.match(missingBinaryMessage(none), /not found on PATH.*cargo install --path \..*gloss\.path/);
  const bad = serverLaunch({ path: '/nope/gloss' }, env(['/opt/gloss/bin/gloss']));
  assert.equal(bad.found, false, 'a wrong gloss.path does not fall back to PATH');
  assert.match(missingBinaryMessage(bad), /gloss\.path is set to "\/nope\/gloss"/);
});

test('Windows: PATHEXT is tried', () => {
  const l = serverLaunch({}, env(['C:\\tools\\gloss.exe'], { platform: 'win32', pathEnv: 'C:\\Windows;C:\\tools', pathExt: '.COM;.EXE' }));
  assert.equal(l.found, true);
  assert.equal(l.command, 'C:\\tools\\gloss.exe');
});

test('settings map to initializationOptions', () => {
  const l = serverLaunch(
    {
      path: '',
      corpus: 'corpus',
      bibliography: ['refs.bib', '', 'more.json'],
      severity: { 'unsupported-claim': 'off', 'uncited-reference': 'Info', 'unknown-citation': 'fatal' },
      debounce: 350,
      inlayHints: false,
    },
    env(['/usr/bin/gloss']),
  );
  assert.deepEqual(l.initializationOptions, {
    corpus: 'corpus',
    bibliography: ['refs.bib', 'more.json'],
    severity: { 'unsupported-claim': 'off', 'uncited-reference': 'info' },
    debounce: 350,
    inlayHints: false,
  });
  assert.ok(!('path' in l.initializationOptions), 'the binary path is not a server setting');
});

test('defaults: no corpus key, debounce 200, inlay hints on', () => {
  assert.deepEqual(initializationOptions({ corpus: '  ' }), { bibliography: [], severity: {}, debounce: 200, inlayHints: true });
  assert.equal(initializationOptions({ debounce: -5 }).debounce, 200);
  assert.equal(initializationOptions({ model: ' off ' }).model, 'off');
  assert.equal(initializationOptions({ model: '' }).model, undefined);
  assert.equal(initializationOptions({ maxDocumentSize: 0.5 }).maxDocumentSize, 0.5);
  assert.equal(initializationOptions({ maxDocumentSize: -1 }).maxDocumentSize, undefined);
  assert.deepEqual(initializationOptions({ allowOutside: [' /data/papers ', ''] }).allowOutside, ['/data/papers']);
  assert.equal(initializationOptions({ allowOutside: [] }).allowOutside, undefined);
  assert.equal(initializationOptions({ allowBroadCorpus: true }).allowBroadCorpus, true);
  assert.equal(initializationOptions({}).allowBroadCorpus, undefined);
});

test('a Zotero corpus: server options and check flags', () => {
  const s = { corpus: ' Zotero ', zoteroDataDir: '~/Zotero', zoteroCollection: ' Dissertation/Chapter 2 ' };
  const o = initializationOptions(s);
  assert.equal(o.corpus, 'Zotero');
  assert.equal(o.zoteroDataDir, '~/Zotero');
  assert.equal(o.zoteroCollection, 'Dissertation/Chapter 2');
  assert.equal(initializationOptions({ zoteroDataDir: ' ' }).zoteroDataDir, undefined);
  const args = checkArgs(s, ['review.md'], { workspaceFolder: '/ws', home: '/home/u' });
  assert.deepEqual(args, [
    'check', '--format', 'json', '--color', 'never',
    '--zotero', path.resolve('/home/u/Zotero'),
    '--zotero-collection', 'Dissertation/Chapter 2',
    '--', 'review.md',
  ]);
  // The default folder: `--zotero` alone, never `--corpus zotero`.
  assert.deepEqual(checkArgs({ corpus: 'zotero' }, ['r.md'], { workspaceFolder: '/ws' }).slice(5), ['--zotero', '--', 'r.md']);
});

test('document selector: Markdown, Quarto and R Markdown, file and untitled', () => {
  const sel = documentSelector();
  for (const language of ['markdown', 'quarto', 'rmd']) {
    for (const scheme of ['file', 'untitled']) {
      assert.ok(sel.some((f) => f.language === language && f.scheme === scheme), `${language}/${scheme}`);
    }
  }
  assert.equal(sel.length, 6);
});

test('check arguments carry the same settings as flags', () => {
  const args = checkArgs(
    { corpus: 'corpus', bibliography: ['refs.bib', '/abs/x.bib'], severity: { 'unsupported-claim': 'off' } },
    ['review.md', 'chap/-odd.md'],
    { workspaceFolder: '/ws' },
  );
  assert.deepEqual(args, [
    'check', '--format', 'json', '--color', 'never',
    '--corpus', path.resolve('/ws/corpus'),
    '--bib', path.resolve('/ws/refs.bib'),
    '--bib', '/abs/x.bib',
    '--severity', 'unsupported-claim=off',
    '--', 'review.md', 'chap/-odd.md',
  ]);
});
