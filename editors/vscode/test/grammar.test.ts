// The citation grammar: its regexes on sample lines, run the way a TextMate
// tokenizer runs them (earliest match wins, ties to the first rule; a begin
// rule scans its inner patterns until its end), once with JavaScript RegExp
// and once with Oniguruma (vscode-oniguruma, the engine VS Code uses).
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const generator = require(path.join(root, 'syntaxes', 'build-grammar.js'));
const grammar = JSON.parse(fs.readFileSync(path.join(root, 'syntaxes', 'gloss-citations.injection.json'), 'utf8'));

interface Match {
  index: number;
  start: number;
  end: number;
  groups: ({ start: number; end: number } | undefined)[];
}
type Engine = (patterns: string[], line: string, pos: number) => Match | undefined;

const jsEngine: Engine = (patterns, line, pos) => {
  let best: Match | undefined;
  patterns.forEach((p, index) => {
    const re = new RegExp(p, 'gdu');
    re.lastIndex = pos;
    const m = re.exec(line);
    if (m && (!best || m.index < best.start)) {
      const idx = (m as RegExpExecArray & { indices: ([number, number] | undefined)[] }).indices;
      best = {
        index,
        start: m.index,
        end: m.index + m[0].length,
        groups: idx.map((g) => (g ? { start: g[0], end: g[1] } : undefined)),
      };
    }
  });
  return best;
};

let onigEngine: Engine | undefined;

before(async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const onig = require('vscode-oniguruma');
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  onigEngine = (patterns, line, pos) => {
    const scanner = new onig.OnigScanner(patterns);
    const str = new onig.OnigString(line);
    try {
      const r = scanner.findNextMatchSync(str, pos);
      if (!r) {
        return undefined;
      }
      const caps = r.captureIndices as { start: number; end: number; length: number }[];
      return {
        index: r.index,
        start: caps[0].start,
        end: caps[0].end,
        groups: caps.map((c) => (c.length === 0 && c.start === 0 && c.end === 0 ? undefined : { start: c.start, end: c.end })),
      };
    } finally {
      str.dispose();
      scanner.dispose();
    }
  };
});

interface Rule {
  name?: string;
  match?: string;
  begin?: string;
  end?: string;
  include?: string;
  patterns?: Rule[];
  captures?: Record<string, { name?: string; patterns?: Rule[] }>;
}

function resolve(rules: Rule[]): Rule[] {
  return rules.flatMap((r) => (r.include ? resolve([grammar.repository[r.include.slice(1)]]) : [r]));
}

/** Scopes of interest (name -> list of matched texts) found on a line. */
function tokenize(engine: Engine, line: string): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const add = (name: string | undefined, s: number, e: number) => {
    if (name && e > s) {
      (found[name] ??= []).push(line.slice(s, e));
    }
  };
  const addCaptures = (rule: Rule, m: Match) => {
    for (const [k, c] of Object.entries(rule.captures ?? {})) {
      const g = m.groups[Number(k)];
      if (!g) continue;
      add(c.name, g.start, g.end);
      if (c.patterns) {
        scan(resolve(c.patterns), g.start, undefined, g.end);
      }
    }
  };
  // Scan `rules` from pos; with an end pattern, stop after it. Returns the new position.
  const scan = (rules: Rule[], pos: number, end: string | undefined, limit = line.length): number => {
    while (pos <= limit) {
      const pats = rules.map((r) => (r.match ?? r.begin) as string);
      if (end) pats.unshift(end);
      const m = engine(pats, line, pos);
      if (!m || m.start >= limit) return limit;
      if (end && m.index === 0) return m.end;
      const rule = rules[end ? m.index - 1 : m.index];
      if (rule.match) {
        add(rule.name, m.start, m.end);
        addCaptures(rule, m);
        pos = Math.max(m.end, m.start + 1);
      } else {
        const after = scan(resolve(rule.patterns ?? []), m.end, rule.end);
        add(rule.name, m.start, after);
        pos = Math.max(after, m.start + 1);
      }
    }
    return pos;
  };
  scan(resolve(grammar.patterns), 0, undefined);
  return found;
}

const KEY = 'entity.name.tag.citation-key.gloss';
const AUTHOR = 'entity.name.tag.citation-author.gloss';
const YEAR = 'constant.numeric.citation-year.gloss';
const BRACKET = 'meta.citation.bracketed.gloss';
const AY = 'meta.citation.author-year.gloss';

const positive: [string, Record<string, string[]>][] = [
  ['As shown [see @zhou2008, p. 3; -@other].', { [BRACKET]: ['[see @zhou2008, p. 3; -@other]'], [KEY]: ['zhou2008', 'other'], 'keyword.operator.suppress-author.gloss': ['-'] }],
  ['@smith04 says so.', { [KEY]: ['smith04'] }],
  ['As @doe:2020.a-b/c+d? notes.', { [KEY]: ['doe:2020.a-b/c+d'] }],
  ['Ends with a period @key.', { [KEY]: ['key'] }],
  ['A braced key @{https://example.com/bib?name=foobar&date=2000} too.', { [KEY]: ['https://example.com/bib?name=foobar&date=2000'] }],
  ['Unicode keys [@Müller_1999; @_under].', { [KEY]: ['Müller_1999', '_under'] }],
  ['Digits first [@2019report].', { [KEY]: ['2019report'] }],
  ['Heat rose (Zhou, 2008).', { [AY]: ['(Zhou, 2008)'], [AUTHOR]: ['Zhou'], [YEAR]: ['2008'] }],
  ['Both (Herrigel et al., 2013a; Ernst, 2007).', { [AY]: ['(Herrigel et al., 2013a; Ernst, 2007)'], [AUTHOR]: ['Herrigel et al.', 'Ernst'], [YEAR]: ['2013a', '2007'] }],
  ['Zhou (2008) found it.', { [AY]: ['Zhou (2008)'], [AUTHOR]: ['Zhou'], [YEAR]: ['2008'] }],
  ['Zhang and Kawabata (2013) agree.', { [AUTHOR]: ['Zhang and Kawabata'], [YEAR]: ['2013'] }],
  ['Herrigel et al. (2013a, p. 4) add.', { [AUTHOR]: ['Herrigel et al.'], [YEAR]: ['2013a'] }],
  ['Undated (City of Tamsworth, n.d.) plan.', { [AUTHOR]: ['City of Tamsworth'], [YEAR]: ['n.d.'] }],
  ['Plans (see Smith & Jones, 2010, 2012).', { [AUTHOR]: ['Smith & Jones'], [YEAR]: ['2010', '2012'] }],
  ['Dutch van der Berg (2001) wrote.', { [AUTHOR]: ['van der Berg'], [YEAR]: ['2001'] }],
  ['Emoji 😀 before Zhou (2008).', { [AUTHOR]: ['Zhou'], [YEAR]: ['2008'] }],
];

const negative: [string, string[]][] = [
  ['Write to a@b.com for data.', [KEY, BRACKET]],
  ['user.name@example.org', [KEY]],
  ['A [link](http://x.org/@me) and [@key](http://y).', [BRACKET]],
  ['Footnote [^1] and [a list] here.', [BRACKET, KEY]],
  ['See figure 2 (p. 30) and (2008) alone.', [AY, AUTHOR, YEAR]],
  ['Temperatures (1.4 °C) rose in (June, July).', [AY, AUTHOR, YEAR]],
  ['Trailing @ alone and @-dash.', [KEY]],
  ['Table 3 (2008a) is not a citation.', [AY, AUTHOR]],
];

function check(engine: () => Engine) {
  for (const [line, want] of positive) {
    const got = tokenize(engine(), line);
    for (const [scope, texts] of Object.entries(want)) {
      assert.deepEqual(got[scope], texts, `${scope} in ${JSON.stringify(line)}: ${JSON.stringify(got)}`);
    }
  }
  for (const [line, scopes] of negative) {
    const got = tokenize(engine(), line);
    for (const scope of scopes) {
      assert.equal(got[scope], undefined, `no ${scope} in ${JSON.stringify(line)}: ${JSON.stringify(got)}`);
    }
  }
}

test('grammar JSON is what build-grammar.js writes', () => {
  assert.equal(fs.readFileSync(generator.out, 'utf8'), generator.text, 'run node syntaxes/build-grammar.js');
});

test('every pattern compiles as a JavaScript RegExp with the u flag', () => {
  for (const [name, p] of Object.entries(generator.patterns as Record<string, string>)) {
    assert.doesNotThrow(() => new RegExp(p, 'u'), name);
  }
});

test('citations, JavaScript RegExp', () => check(() => jsEngine));
test('citations, Oniguruma', () => check(() => onigEngine!));

test('the two engines agree on a mixed paragraph', () => {
  const line = 'Zhou (2008) and [@a; -@b, p. 2] (Ernst, 2007; van Dijk et al., 2010b) vs a@b.com and @{x y}.';
  assert.deepEqual(tokenize(onigEngine!, line), tokenize(jsEngine, line));
});
