// A node:test reporter that appends each skipped test to $GLOSS_SKIP_LOG as
// `vscode <file>: <test><TAB><reason>` (the log format of
// tests/common/skip.rs), so that scripts/test.sh and test.sh list it at the
// end of the run. Prints nothing; used beside the spec reporter.
import { appendFileSync } from 'node:fs';
import { basename } from 'node:path';

const oneLine = (s) => String(s).replace(/[\t\r\n]+/g, ' ');

export default async function* skipReporter(source) {
  const log = process.env.GLOSS_SKIP_LOG;
  for await (const event of source) {
    if (!log || (event.type !== 'test:pass' && event.type !== 'test:fail')) continue;
    const { skip, name, file } = event.data;
    if (skip === undefined || skip === false) continue;
    const test = `vscode ${file ? basename(file).replace(/\.js$/, '.ts') : '?'}: ${name}`;
    const why = typeof skip === 'string' && skip ? skip : 'skipped (no reason given)';
    appendFileSync(log, `${oneLine(test)}\t${oneLine(why)}\n`);
  }
}
