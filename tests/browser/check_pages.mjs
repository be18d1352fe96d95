// Opens each HTML page in Debian's headless Chromium (no browser download: playwright-core with
// /usr/bin/chromium) and fails on any page error, console error, failed or non-file request, or
// a missing chart or table. Keeps a full-page screenshot of each page.
//   node check_pages.mjs SCREENSHOT_DIR PAGE.html:MIN_SVG:MIN_TABLES [...]
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [screenshotDir, ...pages] = process.argv.slice(2);
if (!screenshotDir || pages.length === 0) {
  console.error('usage: node check_pages.mjs SCREENSHOT_DIR PAGE.html:MIN_SVG:MIN_TABLES [...]');
  process.exit(2);
}
mkdirSync(screenshotDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failures = 0;
for (const spec of pages) {
  const [file, minSvg, minTables] = spec.split(':');
  const problems = [];
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`); });
  const response = await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
  if (!response || !response.ok()) problems.push(`did not load: ${response ? response.status() : 'no response'}`);
  const svg = await page.locator('svg').count();
  const tables = await page.locator('table').count();
  const title = await page.title();
  if (svg < Number(minSvg)) problems.push(`${svg} SVG charts, expected at least ${minSvg}`);
  if (tables < Number(minTables)) problems.push(`${tables} tables, expected at least ${minTables}`);
  if (!title.startsWith('shm-harness')) problems.push(`title is "${title}"`);
  // Open every <details> so the screenshot shows the timelines and logs, not only the summary lines.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  const shot = `${screenshotDir}/${basename(file, '.html')}.png`;
  await page.screenshot({ path: shot, fullPage: true });
  const verdict = problems.length ? 'FAIL' : 'ok';
  console.log(`${verdict} ${file}: "${title}", ${svg} SVG, ${tables} tables, screenshot ${shot}`);
  for (const p of problems) console.log(`  ${p}`);
  failures += problems.length ? 1 : 0;
  await page.close();
}
await browser.close();
process.exit(failures ? 1 : 0);
