// Pure helpers that turn the `gloss.*` settings into how the server (and the
// CLI for "Check workspace") is started. No `vscode` import here, so the unit
// tests can run them under plain node.

import * as path from 'path';

/** Levels a diagnostic code can be set to (`gloss.severity`). */
export const LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type Level = (typeof LEVELS)[number];

/** The diagnostic codes of README.md "Diagnostic codes". */
export const CODES = [
  'unknown-citation',
  'citation-year-mismatch',
  'ambiguous-citation',
  'possible-citation',
  'unknown-crossref',
  'no-bibliography',
  'bibliography-error',
  'path-outside-project',
  'missing-reference',
  'uncited-reference',
  'misattributed-claim',
  'figure-mismatch',
  'quote-not-found',
  'unsupported-claim',
  'secondary-citation',
  'uncited-source',
  'unchecked-claim',
] as const;

/** VS Code language ids of the drafts gloss checks. */
export const LANGUAGES = ['markdown', 'quarto', 'rmd'] as const;

/** File globs of the drafts, for "Check workspace". */
export const DRAFT_GLOB = '**/*.{md,markdown,qmd,rmd,Rmd,RMD}';
export const EXCLUDE_GLOB = '{**/node_modules/**,**/.git/**,**/target/**}';

/** The `gloss` configuration section as the extension reads it. */
export interface GlossSettings {
  path?: string;
  corpus?: string;
  bibliography?: string[];
  severity?: Record<string, string>;
  debounce?: number;
  inlayHints?: boolean;
  model?: string;
  maxDocumentSize?: number;
  allowOutside?: string[];
  allowBroadCorpus?: boolean;
  zoteroDataDir?: string;
  zoteroCollection?: string;
}

/** What the server reads (`Settings` in src/lsp/state.rs, camelCase). */
export interface InitializationOptions {
  corpus?: string;
  bibliography: string[];
  severity: Record<string, Level>;
  debounce: number;
  inlayHints: boolean;
  /** The embedding model's folder or `off`; absent: the server's default. */
  model?: string;
  /** Megabytes above which a document is not checked; absent: the server's default (2). */
  maxDocumentSize?: number;
  /** Folders outside the project that front matter may name. */
  allowOutside?: string[];
  /** A corpus at a filesystem root or the home folder is allowed. */
  allowBroadCorpus?: boolean;
  /** Zotero's data folder, read when the corpus is `zotero`. */
  zoteroDataDir?: string;
  /** Only this Zotero collection (and those below it). */
  zoteroCollection?: string;
}

/** Whether a corpus setting names the Zotero library, not a folder. */
export function isZotero(corpus: string | undefined): boolean {
  return (corpus ?? '').trim().toLowerCase() === 'zotero';
}

export interface DocumentFilter {
  scheme: string;
  language: string;
}

export interface Environment {
  /** The first workspace folder (relative paths are taken from it). */
  workspaceFolder?: string;
  /** `process.env.PATH`. */
  pathEnv?: string;
  /** `process.env.PATHEXT` (Windows). */
  pathExt?: string;
  /** `process.platform`. */
  platform?: string;
  /** The home directory, for `~/` in `gloss.path`. */
  home?: string;
  /** Whether an executable file exists (injected for tests). */
  isExecutable: (file: string) => boolean;
}

export interface ServerLaunch {
  /** The binary to run: `gloss.path` when set, else `gloss` found on PATH. */
  command: string;
  args: string[];
  /** Whether `command` was found (false: show how to install gloss). */
  found: boolean;
  /** Where the command came from, for messages. */
  origin: 'setting' | 'PATH';
  initializationOptions: InitializationOptions;
  documentSelector: DocumentFilter[];
}

function nonEmpty(s: unknown): s is string {
  return typeof s === 'string' && s.trim() !== '';
}

/** Expand `~/` and make a relative path absolute from the workspace folder. */
export function resolvePath(p: string, env: Pick<Environment, 'workspaceFolder' | 'home'>): string {
  let out = p.trim();
  if (env.home && (out === '~' || out.startsWith('~/') || out.startsWith('~\\'))) {
    out = path.join(env.home, out.slice(1));
  }
  if (!path.isAbsolute(out) && env.workspaceFolder && /[\\/]/.test(out)) {
    // Only paths with a separator: a bare name like `gloss` stays a name.
    out = path.resolve(env.workspaceFolder, out);
  }
  return out;
}

/** Search PATH the way a shell would; undefined when not found. */
export function findOnPath(name: string, env: Environment): string | undefined {
  const win = env.platform === 'win32';
  const sep = win ? ';' : ':';
  const exts = win ? (env.pathExt || '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
  for (const dir of (env.pathEnv || '').split(sep)) {
    if (!dir) {
      continue;
    }
    for (const ext of exts) {
      const candidate = (win ? path.win32 : path.posix).join(dir, name + ext.toLowerCase());
      if (env.isExecutable(candidate)) {
        return candidate;
      }
      if (win && env.isExecutable(path.win32.join(dir, name + ext))) {
        return path.win32.join(dir, name + ext);
      }
    }
  }
  return undefined;
}

/** The settings the server understands, cleaned: unknown levels dropped, defaults filled. */
export function initializationOptions(s: GlossSettings): InitializationOptions {
  const severity: Record<string, Level> = {};
  for (const [code, level] of Object.entries(s.severity ?? {})) {
    const l = String(level).toLowerCase();
    if ((LEVELS as readonly string[]).includes(l)) {
      severity[code] = l as Level;
    }
  }
  const opts: InitializationOptions = {
    bibliography: (s.bibliography ?? []).filter(nonEmpty),
    severity,
    debounce:
      typeof s.debounce === 'number' && Number.isFinite(s.debounce) && s.debounce >= 0
        ? Math.round(s.debounce)
        : 200,
    inlayHints: s.inlayHints ?? true,
  };
  if (nonEmpty(s.corpus)) {
    opts.corpus = s.corpus.trim();
  }
  if (nonEmpty(s.model)) {
    opts.model = s.model.trim();
  }
  if (typeof s.maxDocumentSize === 'number' && Number.isFinite(s.maxDocumentSize) && s.maxDocumentSize >= 0) {
    opts.maxDocumentSize = s.maxDocumentSize;
  }
  const outside = (s.allowOutside ?? []).filter(nonEmpty).map((a) => a.trim());
  if (outside.length > 0) {
    opts.allowOutside = outside;
  }
  if (s.allowBroadCorpus === true) {
    opts.allowBroadCorpus = true;
  }
  if (nonEmpty(s.zoteroDataDir)) {
    opts.zoteroDataDir = s.zoteroDataDir.trim();
  }
  if (nonEmpty(s.zoteroCollection)) {
    opts.zoteroCollection = s.zoteroCollection.trim();
  }
  return opts;
}

/** Markdown, Quarto and R Markdown, saved or untitled. */
export function documentSelector(): DocumentFilter[] {
  const out: DocumentFilter[] = [];
  for (const language of LANGUAGES) {
    for (const scheme of ['file', 'untitled']) {
      out.push({ scheme, language });
    }
  }
  return out;
}

/** Which binary to run: `gloss.path` wins over PATH. */
export function resolveCommand(
  s: GlossSettings,
  env: Environment,
): { command: string; found: boolean; origin: 'setting' | 'PATH' } {
  if (nonEmpty(s.path)) {
    const command = resolvePath(s.path, env);
    const found = path.isAbsolute(command)
      ? env.isExecutable(command)
      : findOnPath(command, env) !== undefined;
    return { command, found, origin: 'setting' };
  }
  const onPath = findOnPath('gloss', env);
  return { command: onPath ?? 'gloss', found: onPath !== undefined, origin: 'PATH' };
}

/** Everything needed to start `gloss lsp` for the given settings. */
export function serverLaunch(s: GlossSettings, env: Environment): ServerLaunch {
  const { command, found, origin } = resolveCommand(s, env);
  return {
    command,
    args: ['lsp'],
    found,
    origin,
    initializationOptions: initializationOptions(s),
    documentSelector: documentSelector(),
  };
}

/** How to get gloss, for the "binary missing" message. */
export function missingBinaryMessage(launch: Pick<ServerLaunch, 'command' | 'origin'>): string {
  const where =
    launch.origin === 'setting'
      ? `gloss.path is set to "${launch.command}", but no executable is there.`
      : 'The gloss binary was not found on PATH.';
  return (
    `${where} Install it with \`cargo install --path .\` in the gloss repository, ` +
    'or set "gloss.path" to the binary (e.g. <repo>/target/release/gloss).'
  );
}

/**
 * Arguments of `gloss check --format json` for "Check workspace": the same
 * settings the server gets, as command-line flags (which, like the server's
 * settings, win over gloss.toml and front matter). Paths are made absolute
 * from the first workspace folder, as the server does.
 */
export function checkArgs(s: GlossSettings, files: string[], env: Pick<Environment, 'workspaceFolder' | 'home'>): string[] {
  const o = initializationOptions(s);
  const abs = (p: string) => {
    const r = resolvePath(p, env);
    return path.isAbsolute(r) || !env.workspaceFolder ? r : path.resolve(env.workspaceFolder, r);
  };
  const args = ['check', '--format', 'json', '--color', 'never'];
  if (o.corpus && isZotero(o.corpus)) {
    args.push('--zotero');
    if (o.zoteroDataDir) {
      args.push(abs(o.zoteroDataDir));
    }
  } else if (o.corpus) {
    args.push('--corpus', abs(o.corpus));
  }
  if (o.zoteroCollection) {
    args.push('--zotero-collection', o.zoteroCollection);
  }
  for (const b of o.bibliography) {
    args.push('--bib', abs(b));
  }
  for (const [code, level] of Object.entries(o.severity)) {
    args.push('--severity', `${code}=${level}`);
  }
  args.push('--', ...files);
  return args;
}
