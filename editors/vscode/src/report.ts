// Pure conversions for the extension: the `gloss check --format json` report
// into editor diagnostics (with 1-based scalar-value columns turned into
// 0-based UTF-16 ones), and the server's progress into status bar text.
// No `vscode` import, so the unit tests run them under plain node.

import * as path from 'path';

export interface JsonPos {
  line: number;
  column: number;
}

export interface JsonEvidence {
  key?: string;
  path: string;
  line: number;
  text: string;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  range: { start: JsonPos; end: JsonPos };
  message: string;
  cited?: string[];
  suggestions?: { key: string; score?: number; evidence?: JsonEvidence }[];
  evidence?: JsonEvidence[];
}

export interface JsonReport {
  version: number;
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
  summary?: { errors: number; warnings: number; infos: number; hints: number };
}

/** An LSP-like 0-based position, UTF-16 columns (what VS Code uses). */
export interface Position {
  line: number;
  character: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Related {
  /** Absolute path of the corpus text. */
  path: string;
  /** 0-based line. */
  line: number;
  message: string;
}

export interface FileDiagnostic {
  range: { start: Position; end: Position };
  severity: Severity;
  code: string;
  message: string;
  source: 'gloss';
  related: Related[];
}

export interface FileDiagnostics {
  /** Absolute path of the draft. */
  path: string;
  diagnostics: FileDiagnostic[];
}

/** Split into lines as gloss does (on `\n`; a `\r` before it is not part of the line's columns that matter). */
export function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/**
 * The 0-based UTF-16 column of a 1-based column counted in Unicode scalar
 * values on `lineText`. Columns past the end of the line count one UTF-16
 * unit each (so a range ending just after the last character stays right).
 */
export function scalarColumnToUtf16(lineText: string | undefined, column: number): number {
  const want = Math.max(0, Math.floor(column) - 1);
  if (lineText === undefined) {
    return want;
  }
  let units = 0;
  let scalars = 0;
  for (const ch of lineText) {
    // for…of walks code points: one scalar, one or two UTF-16 units.
    if (scalars === want) {
      return units;
    }
    units += ch.length;
    scalars += 1;
  }
  return units + (want - scalars);
}

export function toPosition(lines: string[] | undefined, p: JsonPos): Position {
  const line = Math.max(0, Math.floor(p.line) - 1);
  return { line, character: scalarColumnToUtf16(lines?.[line], p.column) };
}

export function severityOf(s: string): Severity {
  switch (s) {
    case 'error':
    case 'warning':
    case 'hint':
      return s;
    default:
      return 'info';
  }
}

/**
 * The report as diagnostics per absolute file path. `cwd` is where
 * `gloss check` ran (report paths are relative to it); `readText` gives a
 * draft's text, for the UTF-16 columns (undefined: columns taken as is).
 */
export function reportToDiagnostics(
  report: JsonReport,
  cwd: string,
  readText: (absPath: string) => string | undefined,
): FileDiagnostics[] {
  const abs = (p: string) => (path.isAbsolute(p) ? p : path.resolve(cwd, p));
  const out: FileDiagnostics[] = [];
  for (const f of report.files ?? []) {
    const file = abs(f.path);
    const text = readText(file);
    const lines = text === undefined ? undefined : splitLines(text);
    const diagnostics = (f.diagnostics ?? []).map((d): FileDiagnostic => {
      const related: Related[] = [];
      for (const e of d.evidence ?? []) {
        related.push({ path: abs(e.path), line: Math.max(0, e.line - 1), message: `evidence: ${e.text}` });
      }
      for (const s of d.suggestions ?? []) {
        if (s.evidence) {
          related.push({
            path: abs(s.evidence.path),
            line: Math.max(0, s.evidence.line - 1),
            message: `suggested: ${s.key} — ${s.evidence.text}`,
          });
        }
      }
      return {
        range: { start: toPosition(lines, d.range.start), end: toPosition(lines, d.range.end) },
        severity: severityOf(d.severity),
        code: d.code,
        message: d.message,
        source: 'gloss',
        related,
      };
    });
    out.push({ path: file, diagnostics });
  }
  return out;
}

/** Parse `gloss check --format json` output; throws with a readable message. */
export function parseReport(stdout: string): JsonReport {
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch (e) {
    throw new Error(`gloss check did not print JSON: ${(e as Error).message}`);
  }
  const r = v as JsonReport;
  if (!r || typeof r !== 'object' || !Array.isArray(r.files)) {
    throw new Error('gloss check printed JSON without "files"');
  }
  if (r.version !== 1) {
    throw new Error(`unsupported gloss JSON report version ${String(r.version)}`);
  }
  return r;
}

/** The work-done progress values of LSP `$/progress`. */
export type ProgressValue =
  | { kind: 'begin'; title: string; message?: string; percentage?: number }
  | { kind: 'report'; message?: string; percentage?: number }
  | { kind: 'end'; message?: string };

export interface CorpusState {
  /** 'starting' before any progress, 'indexing' during, 'ready' after. */
  phase: 'starting' | 'indexing' | 'ready' | 'failed' | 'stopped';
  /** Number of works after indexing, when the server said so. */
  works?: number;
  /** Tokens of gloss indexing progress under way. */
  tokens: string[];
}

export const INDEXING_TITLE = 'gloss: indexing corpus';

/** Fold one `$/progress` notification into the corpus state. */
export function nextCorpusState(state: CorpusState, token: string | number, value: ProgressValue): CorpusState {
  const t = String(token);
  if (value.kind === 'begin') {
    if (value.title !== INDEXING_TITLE) {
      return state;
    }
    return { ...state, phase: 'indexing', tokens: [...state.tokens.filter((x) => x !== t), t] };
  }
  if (!state.tokens.includes(t)) {
    return state;
  }
  if (value.kind === 'report') {
    return state;
  }
  const tokens = state.tokens.filter((x) => x !== t);
  const m = /^(\d+) works?\b/.exec(value.message ?? '');
  if (m) {
    return { phase: tokens.length ? 'indexing' : 'ready', works: Number(m[1]), tokens };
  }
  if (value.message === 'failed') {
    return { ...state, phase: tokens.length ? 'indexing' : 'failed', tokens };
  }
  return { ...state, phase: tokens.length ? 'indexing' : 'ready', tokens };
}

/** Status bar text for the corpus state and the counts of gloss problems. */
export function statusText(state: CorpusState, errors: number, warnings: number): string {
  let s: string;
  switch (state.phase) {
    case 'indexing':
      s = 'gloss: indexing…';
      break;
    case 'failed':
      s = 'gloss: corpus failed';
      break;
    case 'stopped':
      s = 'gloss: stopped';
      break;
    case 'starting':
      s = 'gloss';
      break;
    default:
      s = state.works === undefined ? 'gloss: ready' : `gloss: ${state.works} work${state.works === 1 ? '' : 's'}`;
  }
  if (errors || warnings) {
    s += `  $(error) ${errors} $(warning) ${warnings}`;
  }
  return s;
}

/** Folders a `corpus = "…"` line of a gloss.toml points at (absolute). */
export function corpusFromToml(tomlPath: string, text: string): string | undefined {
  const m = /^\s*corpus\s*=\s*(?:"([^"]*)"|'([^']*)')/m.exec(text);
  const dir = m ? (m[1] ?? m[2]) : undefined;
  // `corpus = "zotero"` names the Zotero library, not a folder of drafts' papers.
  if (dir && dir.trim().toLowerCase() === 'zotero') {
    return undefined;
  }
  return dir ? path.resolve(path.dirname(tomlPath), dir) : undefined;
}

/** Whether `file` lies inside `dir` (both absolute). */
export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
