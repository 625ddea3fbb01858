// The extension manifest: activation, commands, settings, grammar, tokens.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const c = pkg.contributes;

test('activates on Markdown, Quarto and R Markdown and runs the bundle', () => {
  for (const lang of ['markdown', 'quarto', 'rmd']) {
    assert.ok(pkg.activationEvents.includes(`onLanguage:${lang}`), lang);
  }
  assert.equal(pkg.main, './dist/extension.js');
  assert.equal(pkg.license, 'MIT');
  assert.ok(pkg.publisher && pkg.engines.vscode, 'publisher and engines.vscode are needed by vsce');
  assert.match(pkg.dependencies['vscode-languageclient'], /^\^?9\./);
});

test('contributes the three commands', () => {
  const ids = c.commands.map((x: { command: string }) => x.command).sort();
  assert.deepEqual(ids, ['gloss.checkWorkspace', 'gloss.restart', 'gloss.showEvidence']);
  for (const cmd of c.commands) {
    assert.equal(cmd.category, 'Gloss');
    assert.ok(cmd.title);
  }
  const titles = Object.fromEntries(c.commands.map((x: { command: string; title: string }) => [x.command, x.title]));
  assert.equal(titles['gloss.checkWorkspace'], 'Check workspace');
  assert.equal(titles['gloss.restart'], 'Restart server');
  assert.equal(titles['gloss.showEvidence'], 'Show evidence');
});

test('settings and their defaults', () => {
  const p = c.configuration.properties;
  assert.deepEqual(Object.keys(p).sort(), [
    'gloss.allowBroadCorpus',
    'gloss.allowOutside',
    'gloss.bibliography',
    'gloss.corpus',
    'gloss.debounce',
    'gloss.inlayHints',
    'gloss.maxDocumentSize',
    'gloss.model',
    'gloss.path',
    'gloss.severity',
    'gloss.trace.server',
    'gloss.zoteroCollection',
    'gloss.zoteroDataDir',
  ]);
  assert.equal(p['gloss.path'].type, 'string');
  assert.equal(p['gloss.corpus'].type, 'string');
  assert.equal(p['gloss.zoteroDataDir'].type, 'string');
  assert.equal(p['gloss.zoteroDataDir'].default, '');
  assert.equal(p['gloss.zoteroCollection'].default, '');
  assert.equal(p['gloss.bibliography'].type, 'array');
  assert.deepEqual(p['gloss.bibliography'].default, []);
  assert.equal(p['gloss.severity'].type, 'object');
  assert.deepEqual(p['gloss.severity'].additionalProperties.enum, ['error', 'warning', 'info', 'hint', 'off']);
  assert.equal(p['gloss.debounce'].type, 'number');
  assert.equal(p['gloss.debounce'].default, 200);
  assert.equal(p['gloss.inlayHints'].type, 'boolean');
  assert.equal(p['gloss.inlayHints'].default, true);
  assert.equal(p['gloss.model'].type, 'string');
  assert.equal(p['gloss.model'].default, '');
  assert.equal(p['gloss.maxDocumentSize'].type, 'number');
  assert.equal(p['gloss.maxDocumentSize'].default, 2);
  // A workspace's own settings must not widen what its drafts may read.
  assert.equal(p['gloss.allowOutside'].scope, 'machine');
  assert.equal(p['gloss.allowBroadCorpus'].scope, 'machine');
  assert.deepEqual(p['gloss.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.equal(p['gloss.trace.server'].default, 'off');
});

test('the severity setting lists the codes of the README', () => {
  const readme = fs.readFileSync(path.join(root, '..', '..', 'README.md'), 'utf8');
  const table = readme.split('## Diagnostic codes')[1]?.split('\n## ')[0] ?? '';
  const codes = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]).sort();
  assert.ok(codes.length >= 10, 'README table found');
  assert.deepEqual([...c.configuration.properties['gloss.severity'].propertyNames.enum].sort(), codes);
});

test('the injection grammar is contributed and exists', () => {
  assert.equal(c.grammars.length, 1);
  const g = c.grammars[0];
  assert.ok(g.injectTo.includes('text.html.markdown'));
  const file = path.join(root, g.path);
  assert.ok(fs.existsSync(file), file);
  const grammar = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(grammar.scopeName, g.scopeName);
  for (const host of g.injectTo) {
    assert.ok(grammar.injectionSelector.includes(`L:${host}`), host);
  }
});

test('semantic token types, modifiers and scopes match the server legend', () => {
  const types = Object.fromEntries(c.semanticTokenTypes.map((t: { id: string; superType: string }) => [t.id, t.superType]));
  assert.deepEqual(types, { citation: 'variable', quotation: 'string' });
  assert.deepEqual(
    c.semanticTokenModifiers.map((m: { id: string }) => m.id).sort(),
    ['resolved', 'unresolved'],
  );
  const scopes = c.semanticTokenScopes[0].scopes;
  assert.ok(scopes.citation && scopes.quotation && scopes['citation.unresolved']);
  // The server's legend (src/lsp/decorate.rs) names the same types and modifiers.
  const decorate = fs.readFileSync(path.join(root, '..', '..', 'src', 'lsp', 'decorate.rs'), 'utf8');
  assert.match(decorate, /TOKEN_TYPES: \[&str; 2\] = \["citation", "quotation"\]/);
  assert.match(decorate, /TOKEN_MODIFIERS: \[&str; 2\] = \["resolved", "unresolved"\]/);
});

test('.vscodeignore keeps sources and node_modules out of the package', () => {
  const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
  for (const p of ['node_modules/**', 'src/**', 'test/**', 'out/**']) {
    assert.ok(ignore.includes(p), p);
  }
});

test('the bundle loads on its own (only `vscode` external) and exports activate/deactivate', (t) => {
  const bundle = path.join(root, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) {
    t.skip('dist/extension.js not built (npm run bundle)');
    return;
  }
  // A copy outside the tree, so a dependency esbuild left out cannot be found in node_modules.
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'gloss-vsix-'));
  const copy = path.join(dir, 'extension.js');
  fs.copyFileSync(bundle, copy);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Module = require('node:module');
  const stub: unknown = new Proxy(function () {}, {
    get: (_t, k) => (k === Symbol.toPrimitive ? () => '' : k === 'then' ? undefined : stub),
    construct: () => stub as object,
    apply: () => stub,
  });
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    const ext = require(copy);
    assert.equal(typeof ext.activate, 'function');
    assert.equal(typeof ext.deactivate, 'function');
  } finally {
    Module._load = load;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
