// The gloss extension: starts `gloss lsp` for Markdown, Quarto and R Markdown
// drafts, and adds "Check workspace", "Restart server", "Show evidence" and a
// status bar item. The decisions that can be tested without VS Code live in
// options.ts and report.ts.

import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

import {
  DRAFT_GLOB,
  EXCLUDE_GLOB,
  Environment,
  GlossSettings,
  checkArgs,
  missingBinaryMessage,
  serverLaunch,
} from './options';
import {
  CorpusState,
  FileDiagnostic,
  ProgressValue,
  corpusFromToml,
  isInside,
  nextCorpusState,
  parseReport,
  reportToDiagnostics,
  statusText,
} from './report';

const SECTION = 'gloss';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;
let workspaceDiagnostics: vscode.DiagnosticCollection;
let corpus: CorpusState = { phase: 'starting', tokens: [] };

function settings(): GlossSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    path: c.get<string>('path'),
    corpus: c.get<string>('corpus'),
    bibliography: c.get<string[]>('bibliography'),
    severity: c.get<Record<string, string>>('severity'),
    debounce: c.get<number>('debounce'),
    inlayHints: c.get<boolean>('inlayHints'),
    model: c.get<string>('model'),
    maxDocumentSize: c.get<number>('maxDocumentSize'),
    allowOutside: c.get<string[]>('allowOutside'),
    allowBroadCorpus: c.get<boolean>('allowBroadCorpus'),
    zoteroDataDir: c.get<string>('zoteroDataDir'),
    zoteroCollection: c.get<string>('zoteroCollection'),
  };
}

function firstFolder(): string | undefined {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.uri.scheme === 'file');
  return f?.uri.fsPath;
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function environment(): Environment {
  return {
    workspaceFolder: firstFolder(),
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    home: os.homedir(),
    isExecutable,
  };
}

async function showMissingBinary(message: string): Promise<void> {
  const open = 'Open Settings';
  const pick = await vscode.window.showErrorMessage(`gloss: ${message}`, open);
  if (pick === open) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'gloss.path');
  }
}

function updateStatus(): void {
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  let errors = 0;
  let warnings = 0;
  for (const [uri, diags] of vscode.languages.getDiagnostics()) {
    if (!open.has(uri.toString())) {
      continue;
    }
    for (const d of diags) {
      if (d.source !== 'gloss') {
        continue;
      }
      if (d.severity === vscode.DiagnosticSeverity.Error) {
        errors++;
      } else if (d.severity === vscode.DiagnosticSeverity.Warning) {
        warnings++;
      }
    }
  }
  status.text = statusText(corpus, errors, warnings);
  status.tooltip = new vscode.MarkdownString(
    `**gloss** — ${corpus.phase}${corpus.works !== undefined ? `, ${corpus.works} works in the library` : ''}\n\n` +
      `${errors} error(s), ${warnings} warning(s) in open documents.\n\nClick to check the workspace.`,
  );
}

async function startClient(): Promise<void> {
  const s = settings();
  const launch = serverLaunch(s, environment());
  if (!launch.found) {
    corpus = { phase: 'stopped', tokens: [] };
    updateStatus();
    output.appendLine(`gloss: ${missingBinaryMessage(launch)}`);
    void showMissingBinary(missingBinaryMessage(launch));
    return;
  }
  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    transport: TransportKind.stdio,
    options: { cwd: firstFolder() },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: launch.documentSelector,
    initializationOptions: launch.initializationOptions,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      // Sends workspace/didChangeConfiguration when any gloss.* setting
      // changes; the server then re-reads the `gloss` section through
      // workspace/configuration (or takes the pushed settings).
      configurationSection: SECTION,
      // No `fileEvents` here on purpose: the server registers its own
      // watchers for corpus and bibliography files (**/*.{bib,json,yaml,yml,
      // txt,md} and **/gloss.toml) through client/registerCapability, which
      // vscode-languageclient honours. Watching here as well would send every
      // change twice and make the server re-index twice.
    },
    middleware: {
      // Follow the server's "gloss: indexing corpus" progress for the status
      // bar, and pass it on so VS Code still shows its own notification.
      handleWorkDoneProgress: (token, params, next) => {
        corpus = nextCorpusState(corpus, token, params as ProgressValue);
        updateStatus();
        next(token, params);
      },
    },
  };
  const c = new LanguageClient('gloss', 'gloss', serverOptions, clientOptions);
  client = c;
  corpus = { phase: 'starting', tokens: [] };
  updateStatus();
  try {
    await c.start();
    if (corpus.phase === 'starting') {
      corpus = { ...corpus, phase: 'ready' };
    }
  } catch (e) {
    client = undefined;
    corpus = { phase: 'stopped', tokens: [] };
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'ENOENT' || /ENOENT/.test(String(err?.message))) {
      void showMissingBinary(missingBinaryMessage(launch));
    } else {
      void vscode.window.showErrorMessage(`gloss: the language server failed to start: ${String(err?.message ?? e)}`);
    }
  }
  updateStatus();
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  corpus = { phase: 'stopped', tokens: [] };
  if (status) {
    updateStatus();
  }
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output.appendLine(`gloss: stopping the server: ${String(e)}`);
    }
  }
}

async function restart(): Promise<void> {
  await stopClient();
  await startClient();
}

/** Drafts of the workspace for "Check workspace", corpus texts left out. */
async function workspaceDrafts(s: GlossSettings): Promise<Map<string, string[]>> {
  const corpusDirs: string[] = [];
  const folder = firstFolder();
  if (s.corpus && s.corpus.trim() && s.corpus.trim().toLowerCase() !== 'zotero') {
    corpusDirs.push(path.resolve(folder ?? '.', s.corpus.trim()));
  }
  for (const toml of await vscode.workspace.findFiles('**/gloss.toml', EXCLUDE_GLOB)) {
    try {
      const dir = corpusFromToml(toml.fsPath, fs.readFileSync(toml.fsPath, 'utf8'));
      if (dir) {
        corpusDirs.push(dir);
      }
    } catch {
      // unreadable gloss.toml: the check will report it
    }
  }
  const byFolder = new Map<string, string[]>();
  for (const uri of await vscode.workspace.findFiles(DRAFT_GLOB, EXCLUDE_GLOB)) {
    if (uri.scheme !== 'file' || corpusDirs.some((d) => isInside(uri.fsPath, d))) {
      continue;
    }
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    const cwd = wf?.uri.fsPath ?? path.dirname(uri.fsPath);
    const list = byFolder.get(cwd) ?? [];
    list.push(path.relative(cwd, uri.fsPath));
    byFolder.set(cwd, list);
  }
  return byFolder;
}

function runCheck(
  command: string,
  args: string[],
  cwd: string,
  token: vscode.CancellationToken,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = cp.execFile(
      command,
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (stderr) {
          output.append(stderr);
        }
        // Exit status 1 means "errors found": the report is still complete.
        const code = (err as (cp.ExecFileException & { code?: unknown }) | null)?.code;
        if (err && !(code === 1 || (code === 2 && stdout.trim().startsWith('{')))) {
          reject(new Error(stderr.trim() || err.message));
          return;
        }
        resolve(stdout);
      },
    );
    token.onCancellationRequested(() => child.kill());
  });
}

function toVscodeDiagnostic(d: FileDiagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  const severity = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    info: vscode.DiagnosticSeverity.Information,
    hint: vscode.DiagnosticSeverity.Hint,
  }[d.severity];
  const out = new vscode.Diagnostic(range, d.message, severity);
  out.source = d.source;
  out.code = d.code;
  if (d.related.length) {
    out.relatedInformation = d.related.map(
      (r) =>
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(vscode.Uri.file(r.path), new vscode.Range(r.line, 0, r.line, 0)),
          r.message,
        ),
    );
  }
  return out;
}

/** Text of a draft: the open document when there is one (unsaved edits), else the file. */
function readText(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) {
    return open.getText();
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function checkWorkspace(): Promise<void> {
  const s = settings();
  const env = environment();
  const launch = serverLaunch(s, env);
  if (!launch.found) {
    await showMissingBinary(missingBinaryMessage(launch));
    return;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'gloss: checking the workspace', cancellable: true },
    async (progress, token) => {
      const drafts = await workspaceDrafts(s);
      if (drafts.size === 0) {
        void vscode.window.showInformationMessage('gloss: no Markdown, Quarto or R Markdown files in the workspace.');
        return;
      }
      workspaceDiagnostics.clear();
      let files = 0;
      let problems = 0;
      for (const [cwd, list] of drafts) {
        // Batches keep the command line short on large workspaces.
        for (let i = 0; i < list.length && !token.isCancellationRequested; i += 200) {
          const batch = list.slice(i, i + 200);
          progress.report({ message: `${files + batch.length} of ${[...drafts.values()].flat().length} files` });
          let stdout: string;
          try {
            stdout = await runCheck(launch.command, checkArgs(s, batch, env), cwd, token);
          } catch (e) {
            if (!token.isCancellationRequested) {
              void vscode.window.showErrorMessage(`gloss check failed: ${(e as Error).message}`);
            }
            return;
          }
          const report = parseReport(stdout);
          for (const f of reportToDiagnostics(report, cwd, readText)) {
            workspaceDiagnostics.set(vscode.Uri.file(f.path), f.diagnostics.map(toVscodeDiagnostic));
            problems += f.diagnostics.length;
          }
          files += batch.length;
        }
      }
      if (!token.isCancellationRequested) {
        void vscode.window.setStatusBarMessage(`gloss: ${problems} problem(s) in ${files} file(s)`, 5000);
        await vscode.commands.executeCommand('workbench.actions.view.problems');
      }
    },
  );
}

async function showEvidence(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('gloss: no active editor.');
    return;
  }
  const pos = editor.selection.active;
  const here = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === 'gloss' && d.range.contains(pos) && d.relatedInformation?.length);
  const items = here.flatMap((d) =>
    (d.relatedInformation ?? []).map((r) => ({
      label: r.message.length > 120 ? r.message.slice(0, 119) + '…' : r.message,
      description: `${vscode.workspace.asRelativePath(r.location.uri)}:${r.location.range.start.line + 1}`,
      detail: typeof d.code === 'object' ? String(d.code.value) : d.code !== undefined ? String(d.code) : undefined,
      location: r.location,
    })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('gloss: no evidence for a diagnostic under the cursor.');
    return;
  }
  const pick = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Open evidence' });
  if (!pick) {
    return;
  }
  const doc = await vscode.workspace.openTextDocument(pick.location.uri);
  const line = Math.min(pick.location.range.start.line, Math.max(0, doc.lineCount - 1));
  const range = doc.lineAt(line).range;
  await vscode.window.showTextDocument(doc, {
    selection: range,
    viewColumn: vscode.ViewColumn.Beside,
    preserveFocus: false,
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('gloss');
  workspaceDiagnostics = vscode.languages.createDiagnosticCollection('gloss (workspace)');
  status = vscode.window.createStatusBarItem('gloss.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'gloss';
  status.command = 'gloss.checkWorkspace';
  status.show();
  context.subscriptions.push(
    output,
    workspaceDiagnostics,
    status,
    vscode.commands.registerCommand('gloss.checkWorkspace', checkWorkspace),
    vscode.commands.registerCommand('gloss.restart', restart),
    vscode.commands.registerCommand('gloss.showEvidence', showEvidence),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.workspace.onDidOpenTextDocument(updateStatus),
    vscode.workspace.onDidCloseTextDocument(updateStatus),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Other settings reach the running server through
      // synchronize.configurationSection; a new binary needs a new process.
      if (e.affectsConfiguration('gloss.path')) {
        void restart();
      }
    }),
  );
  updateStatus();
  await startClient();
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
