// JSON report -> diagnostics (UTF-16 columns), and progress -> status text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  JsonReport,
  corpusFromToml,
  isInside,
  nextCorpusState,
  parseReport,
  reportToDiagnostics,
  scalarColumnToUtf16,
  statusText,
  CorpusState,
} from '../src/report';

test('scalar columns to UTF-16: ASCII, CJK, emoji, past the end', () => {
  assert.equal(scalarColumnToUtf16('abc', 1), 0);
  assert.equal(scalarColumnToUtf16('abc', 4), 3);
  // CJK in the BMP: one unit per character.
  assert.equal(scalarColumnToUtf16('周期 [@zhou2008]', 4), 3);
  // Emoji outside the BMP: two units each.
  assert.equal(scalarColumnToUtf16('😀😀 x', 3), 4);
  assert.equal(scalarColumnToUtf16('😀😀 x', 5), 6);
  assert.equal(scalarColumnToUtf16('😀', 2), 2);
  assert.equal(scalarColumnToUtf16('😀', 4), 4, 'past the end: one unit per column');
  assert.equal(scalarColumnToUtf16(undefined, 7), 6, 'no text: taken as is');
  // A combining mark is its own scalar value.
  assert.equal(scalarColumnToUtf16('e\u0301x', 3), 2);
});

const draft = [
  '# Review',
  '',
  'Heat 🌡️ rose 周 in 2008 [@okafr2019].\r',
  'Plain (Zhou, 2008).',
].join('\n');

const report: JsonReport = {
  version: 1,
  files: [
    {
      path: 'drafts/review.md',
      diagnostics: [
        {
          code: 'unknown-citation',
          severity: 'error',
          // "[@okafr2019]": scalar columns 24..36 (1-based, end exclusive).
          range: { start: { line: 3, column: 24 }, end: { line: 3, column: 36 } },
          message: 'unknown citation okafr2019',
          cited: ['okafr2019'],
          suggestions: [{ key: 'okafor2019', score: 0.9, evidence: { path: 'corpus/okafor2019.txt', line: 16, text: 'At the airport…' } }],
          evidence: [],
        },
        {
          code: 'unsupported-claim',
          severity: 'info',
          range: { start: { line: 4, column: 1 }, end: { line: 4, column: 20 } },
          message: 'no work supports this',
          evidence: [{ key: 'zhou2008', path: '/abs/corpus/zhou2008.txt', line: 3, text: 'A sentence.' }],
        },
      ],
    },
  ],
  summary: { errors: 1, warnings: 0, infos: 1, hints: 0 },
};

test('report to diagnostics: paths, 0-based UTF-16 ranges, severity, related information', () => {
  const cwd = path.resolve('/ws');
  const read: string[] = [];
  const out = reportToDiagnostics(report, cwd, (p) => {
    read.push(p);
    return draft;
  });
  assert.deepEqual(read, [path.join(cwd, 'drafts/review.md')]);
  assert.equal(out.length, 1);
  assert.equal(out[0].path, path.join(cwd, 'drafts/review.md'));
  const [a, b] = out[0].diagnostics;
  const line = draft.split('\n')[2];
  const start = line.indexOf('[@okafr2019]');
  // 🌡️ is U+1F321 U+FE0F: two scalars but three UTF-16 units.
  assert.equal([...line.slice(0, start)].length + 1, 24);
  assert.equal(start, 24);
  assert.deepEqual(a.range, { start: { line: 2, character: start }, end: { line: 2, character: start + 12 } });
  assert.equal(line.slice(a.range.start.character, a.range.end.character), '[@okafr2019]');
  assert.equal(a.severity, 'error');
  assert.equal(a.code, 'unknown-citation');
  assert.equal(a.source, 'gloss');
  assert.deepEqual(a.related, [
    { path: path.join(cwd, 'corpus/okafor2019.txt'), line: 15, message: 'suggested: okafor2019 — At the airport…' },
  ]);
  assert.equal(b.severity, 'info');
  assert.deepEqual(b.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 19 } });
  assert.deepEqual(b.related, [{ path: '/abs/corpus/zhou2008.txt', line: 2, message: 'evidence: A sentence.' }]);
});

test('report to diagnostics without the text: columns taken as is', () => {
  const out = reportToDiagnostics(report, '/ws', () => undefined);
  assert.deepEqual(out[0].diagnostics[0].range.start, { line: 2, character: 23 });
});

test('parseReport accepts version 1 and rejects the rest', () => {
  assert.equal(parseReport(JSON.stringify(report)).files.length, 1);
  assert.throws(() => parseReport('gloss: error'), /did not print JSON/);
  assert.throws(() => parseReport('{"version": 2, "files": []}'), /version 2/);
  assert.throws(() => parseReport('{"version": 1}'), /without "files"/);
});

test('progress: indexing, then N works; other progress ignored', () => {
  let s: CorpusState = { phase: 'starting', tokens: [] };
  assert.equal(statusText(s, 0, 0), 'gloss');
  s = nextCorpusState(s, 'other', { kind: 'begin', title: 'something else' });
  assert.equal(s.phase, 'starting');
  s = nextCorpusState(s, 'gloss/index/corpus', { kind: 'begin', title: 'gloss: indexing corpus', message: 'corpus' });
  assert.equal(statusText(s, 0, 0), 'gloss: indexing…');
  s = nextCorpusState(s, 'other', { kind: 'end', message: '3 works' });
  assert.equal(s.phase, 'indexing', 'an unknown token does not end indexing');
  s = nextCorpusState(s, 'gloss/index/corpus', { kind: 'end', message: '42 works' });
  assert.equal(statusText(s, 0, 0), 'gloss: 42 works');
  assert.equal(statusText(s, 2, 5), 'gloss: 42 works  $(error) 2 $(warning) 5');
  s = nextCorpusState(s, 7, { kind: 'begin', title: 'gloss: indexing corpus' });
  s = nextCorpusState(s, 7, { kind: 'end', message: 'failed' });
  assert.equal(statusText(s, 0, 0), 'gloss: corpus failed');
  s = nextCorpusState({ phase: 'ready', tokens: [] }, 'x', { kind: 'begin', title: 'gloss: indexing corpus' });
  s = nextCorpusState(s, 'x', { kind: 'end', message: '1 works' });
  assert.equal(statusText(s, 0, 0), 'gloss: 1 work');
});

test('gloss.toml corpus folders are left out of "Check workspace"', () => {
  const dir = corpusFromToml('/ws/examples/gloss.toml', '# c\ncorpus = "corpus"\nbibliography = ["x.bib"]\n');
  assert.equal(dir, path.resolve('/ws/examples/corpus'));
  assert.equal(corpusFromToml('/ws/gloss.toml', 'bibliography = "x.bib"'), undefined);
  assert.equal(corpusFromToml('/ws/gloss.toml', 'corpus = "zotero"'), undefined, 'the Zotero library is no folder');
  assert.ok(isInside('/ws/examples/corpus/a.md', dir!));
  assert.ok(!isInside('/ws/examples/review.md', dir!));
  assert.ok(!isInside('/ws/examples/corpus2/a.md', dir!));
});
