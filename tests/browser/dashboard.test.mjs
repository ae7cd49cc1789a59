// Browser test of /dashboard in headless Chromium (Debian's chromium, driven by playwright-core).
// Run by `./build.sh api-check` against a live instance with demo data:
//   BASE_URL=http://127.0.0.1:5081 ADMIN_KEY=... ARTIFACTS=TestResults node --test tests/browser/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const base = process.env.BASE_URL ?? 'http://127.0.0.1:5080';
const key = process.env.ADMIN_KEY ?? 'dev-admin-key-change-me';
const artifacts = process.env.ARTIFACTS ?? 'TestResults';

async function api(path) {
  const response = await fetch(base + path, { headers: { 'X-Api-Key': key } });
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return response.json();
}

// The async projections behind the reports must have caught up with the demo data.
async function waitForReports() {
  for (let attempt = 0; attempt < 120; attempt++) {
    const status = await api('/api/reports/status');
    if (status.highestCommitted > 0 && status.upToDate) return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error('Reports did not catch up with the event store');
}

async function heatmapCells(page) {
  return page.$$eval('#heat-discipline td.cell', cells => cells.map(c =>
    `${c.dataset.region}/${c.dataset.value}=${c.dataset.offerings}:${c.textContent}:${c.className}`));
}

async function apiCells(asOf) {
  const report = await api('/api/reports/gaps?dimension=discipline&asOf=' + encodeURIComponent(asOf));
  return report.cells.map(c => `${c.region}/${c.value}=${c.offerings}:${c.offerings}:cell ${c.status}`);
}

// Chromium reports what a Content-Security-Policy blocks as console errors (and a refused script as a page error).
function watchContentSecurityPolicy(page) {
  const blocked = [];
  page.on('console', message => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text());
  });
  page.on('pageerror', error => blocked.push(error.message));
  return blocked;
}

test('Swagger UI works under its Content-Security-Policy', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const blocked = watchContentSecurityPolicy(page);
    const response = await page.goto(base + '/swagger/index.html');
    assert.match(response.headers()['content-security-policy'] ?? '', /frame-ancestors 'none'/);
    await page.locator('.opblock').first().waitFor({ timeout: 30000 });
    assert.ok(await page.locator('.opblock').count() > 10, 'the operations are listed');
    assert.deepEqual(blocked, [], 'the Content-Security-Policy blocked nothing Swagger UI needs');
  } finally {
    await browser.close();
  }
});

test('the dashboard shows the same figures as the API, now and as of an earlier date', async () => {
  await waitForReports();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const blocked = watchContentSecurityPolicy(page);
    await page.goto(base + '/dashboard');

    // Accessible form: every input has a label, and the page is usable from the keyboard.
    for (const id of ['key', 'asof']) assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `#${id} has a label`);
    await page.locator('#key').fill(key);
    await page.locator('#load').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.body.dataset.asOf);

    const now = await page.evaluate(() => document.body.dataset.asOf);
    const status = await api('/api/reports/status');
    assert.equal(await page.evaluate(() => Number(document.body.dataset.position)), status.reports.position);
    assert.match(await page.locator('#status').textContent(), /Includes changes up to \d{4}-\d\d-\d\dT[\d:.]+Z \(event \d+\): every recorded change\./);
    const shown = await heatmapCells(page);
    assert.equal(shown.length, 35, '5 regions x 7 disciplines');
    assert.deepEqual(shown, await apiCells(now));
    assert.ok(shown.some(c => c.endsWith('uncovered')), 'the demo has uncovered cells');
    assert.ok(await page.locator('#overlaps tbody tr').count() > 0, 'the demo has an overlap');
    // Needs against supply: every cell the API reports, with its figure and status.
    const needsReport = await api('/api/reports/needs-supply?dimension=standard&pageSize=1&asOf=' + encodeURIComponent(now));
    const needCells = await page.$$eval('#needs td.cell:not(.none)', cells => cells.map(c =>
      `${c.dataset.region}/${c.dataset.value}=${c.textContent}:${c.className}`));
    assert.deepEqual(needCells.sort(), needsReport.cells.map(c =>
      `${c.region}/${c.value}=${c.status === 'supply-without-need' ? c.supplyOfferings : c.unmetTrainees}:cell ${c.status}`).sort());
    assert.ok(needsReport.cells.some(c => c.status === 'unmet'), 'the demo has unmet needs');
    assert.ok(await page.locator('#funding tbody tr').count() > 0, 'the demo has funding');
    // The curriculum: every element, core and taught nowhere as the API says.
    const curriculumReport = await api('/api/reports/curriculum?asOf=' + encodeURIComponent(now));
    const statuses = await page.$$eval('#curriculum tbody tr', rows => Object.fromEntries(rows.map(r =>
      [r.dataset.element, r.lastElementChild.textContent])));
    assert.equal(Object.keys(statuses).length, curriculumReport.elements.length);
    assert.deepEqual(Object.keys(statuses).filter(e => statuses[e] === 'core'), curriculumReport.core);
    assert.deepEqual(Object.keys(statuses).filter(e => statuses[e] === 'taught nowhere'), curriculumReport.taughtNowhere);
    assert.ok(curriculumReport.core.length > 0 && curriculumReport.taughtNowhere.length > 0, 'the demo has a core and gaps');
    // Reviews: the programmes per recommendation.
    const reviewsReport = await api('/api/reports/reviews?asOf=' + encodeURIComponent(now));
    const perRecommendation = await page.$$eval('#reviews table:first-of-type tbody tr', rows => rows.map(r => Number(r.children[1].textContent)));
    assert.deepEqual(perRecommendation, reviewsReport.byRecommendation.map(r => r.programmes));
    // Participant evaluation beside effectiveness: each provider's mean satisfaction as the API says.
    const effectivenessReport = await api('/api/reports/effectiveness?by=provider&pageSize=200&asOf=' + encodeURIComponent(now));
    const satisfaction = await page.$$eval('#effectiveness table', ([table]) => {
      const column = [...table.tHead.rows[0].cells].findIndex(c => c.textContent.startsWith('Satisfaction'));
      return Object.fromEntries([...table.tBodies[0].rows].map(r => [r.cells[0].textContent, r.cells[column].textContent]));
    });
    assert.ok(effectivenessReport.lines.some(l => l.evaluation.meanSatisfaction != null), 'the demo has evaluations');
    for (const line of effectivenessReport.lines)
      assert.equal(satisfaction[line.name], String(line.evaluation.meanSatisfaction ?? '—'), line.name);

    // The map: every country drawn with a figure has the API's unmet trainees (summed over its needs)...
    const allNeeds = await api('/api/reports/needs-supply?dimension=standard&pageSize=200&asOf=' + encodeURIComponent(now));
    const unmet = {};
    for (const l of allNeeds.needs) unmet[l.country] = (unmet[l.country] ?? 0) + l.unmetTrainees;
    await page.locator('#map svg').waitFor();
    const drawn = await page.$$eval('#map path[data-figure]:not([data-figure=""])', paths =>
      Object.fromEntries(paths.map(p => [p.dataset.country, Number(p.dataset.figure)])));
    assert.ok(Object.keys(drawn).length >= 5, 'the demo countries with needs are on the map');
    for (const [country, figure] of Object.entries(drawn)) assert.equal(figure, unmet[country], `${country} on the map`);
    // ...and, coloured by a standard, the countries the API says that standard's offerings reached.
    const coverageReport = await api('/api/reports/standards-coverage?asOf=' + encodeURIComponent(now));
    const egms = coverageReport.standards.find(s => s.standard === 'EGMS-CF-2021');
    await page.locator('#map-mode').selectOption('EGMS-CF-2021');
    await page.waitForFunction(() => document.querySelector('#map svg')?.dataset.mode === 'EGMS-CF-2021');
    const reached = await page.$$eval('#map path[data-figure="1"]', paths => paths.map(p => p.dataset.country));
    assert.ok(reached.length > 0, 'the demo reached countries with EGMS');
    assert.ok(reached.every(c => egms.countriesReached.includes(c)), reached.join(' '));
    assert.equal(await page.locator('#map-table tbody tr').count(), egms.countriesReached.length, 'the table lists every country');

    await page.locator('#asof').fill('2016-06-30');
    await page.locator('#asof').dispatchEvent('change');
    await page.waitForFunction(() => document.body.dataset.asOf?.startsWith('2016-06-30'));
    const earlier = await heatmapCells(page);
    assert.deepEqual(earlier, await apiCells('2016-06-30T23:59:59Z'));
    assert.ok(earlier.every(c => c.endsWith('uncovered')), 'nothing was recorded in 2016: the demo was loaded today');

    await page.locator('#now').click();
    await page.waitForFunction(previous => document.body.dataset.asOf !== previous, '2016-06-30T23:59:59+00:00');
    await page.screenshot({ path: `${artifacts}/dashboard.png`, fullPage: true });

    // The CSV download (a blob link made by the page's script) still works under the page's Content-Security-Policy.
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.locator('button[data-csv="overlaps"]').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('Similarity,Basis,Shared,DaysApart'), csv.slice(0, 80));
    assert.deepEqual(blocked, [], 'the Content-Security-Policy blocked nothing the page needs');
  } finally {
    await browser.close();
  }
});

test("the dashboard passes axe-core's accessibility rules with the reports shown", async () => {
  await waitForReports();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    // axe-core is injected as a script: only this checking page bypasses the page's Content-Security-Policy
    // (the test above checks the policy itself).
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
    await page.goto(base + '/dashboard');
    await page.locator('#key').fill(key);
    await page.locator('#load').click();
    await page.waitForFunction(() => document.body.dataset.asOf && document.querySelector('#needs table'));
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }));
    const violations = results.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target}`);
    assert.deepEqual(violations, [], 'WCAG 2 A and AA rules (contrast, names, table headers...)');
    assert.ok(results.passes.length > 10, 'axe-core ran its rules');
  } finally {
    await browser.close();
  }
});
