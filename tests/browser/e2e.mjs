// End-to-end test of provwatch's web page in Debian's headless Chromium.
//
//   node e2e.mjs PROVWATCH_BINARY SCREENSHOT_DIR     (ctest passes both; PW_BINARY also works)
//
// Starts `provwatch demo --http 127.0.0.1:0 --data TMPDIR`, reads the port from its log
// ("http listening on 127.0.0.1:PORT") and the demo accounts from its output
// ("NAME<TAB>ROLE<TAB>PASSWORD"), marks one case secret through the API as the cleared
// leader, then in Chromium: a wrong password shows an error; the monitor triages the top
// candidate by keyboard (j/k/x, ? help), switches to English and back (remembered across a
// reload) and does not see the secret case; the leader reports and assigns the case (the case
// page names the lead agency, not its id); the
// agency member writes the dossier, adds evidence, responds, records a measure, clarifies and
// sends the written notices; the leader closes it and opens the printable report.
// It FAILS on any page error, console error, failed request or 4xx/5xx other than the
// expected ones, and on any missing element (every wait has a timeout). Screenshots of the
// triage queue, a case page, the report and /digest of the last seven days (skipped with a note when absent) go to
// SCREENSHOT_DIR. Exit 0 passed, 1 failed, 77 skipped (no Chromium, no playwright-core,
// or a binary without --http).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = process.argv[2] || process.env.PW_BINARY;
const shots = process.argv[3] || path.resolve(here, '../../build/screenshots');
const CHROMIUM = process.env.PW_CHROMIUM || '/usr/lib/chromium/chromium';
const SKIP = 77;
const STEP_MS = 10000;

function skip(why) { console.log(`browser test SKIPPED: ${why}`); process.exit(SKIP); }

if (!binary || !existsSync(binary)) skip(`no provwatch binary (${binary})`);
if (!existsSync(CHROMIUM)) skip(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
{
  const help = spawnSync(binary, ['demo', '--help'], { encoding: 'utf8' });
  if (!`${help.stdout}${help.stderr}`.includes('--http')) skip(`${binary} demo has no --http option yet`);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core is not installed (npm ci in tests/browser)');
}

// ---------------------------------------------------------------- the daemon

/// Runs `provwatch demo` on a free port; resolves once the port and the accounts are known.
function startDemo(dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['demo', '--http', '127.0.0.1:0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const accounts = {};
    let port = 0;
    let log = '';
    const timer = setTimeout(() => reject(new Error(`demo did not announce its port and accounts in 30 s:\n${log.slice(-3000)}`)), 30000);
    const read = (chunk) => {
      log += chunk;
      const m = /http listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (m) port = Number(m[1]);
      for (const a of log.matchAll(/^(\S+)\t(monitor|agency|leader|admin|auditor)\t(\S+)$/gm)) accounts[a[2]] = { name: a[1], password: a[3] };
      if (port && ['monitor', 'agency', 'leader'].every((r) => accounts[r])) {
        clearTimeout(timer);
        resolve({ child, port, accounts, log: () => log });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`demo exited with ${code}:\n${log.slice(-3000)}`)); });
  });
}

/// A logged-in API client (cookie + CSRF) for set-up and checks outside the browser.
async function apiLogin(base, account) {
  const res = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: account.name, password: account.password }) });
  if (res.status !== 200) throw new Error(`API login of ${account.name}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { user, csrf } = await res.json();
  const call = async (method, p, body) => {
    const r = await fetch(`${base}${p}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p}: HTTP ${r.status} ${text}`);
    return JSON.parse(text);
  };
  return { user, call };
}

async function until(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------- checks

let passed = 0;
const problems = [];
const expected = []; // [method, path regexp, status] the test provokes on purpose
function expect(method, re, status) { expected.push([method, re, status]); }
const isExpected = (method, url, status) => expected.some(([m, re, s]) => m === method && re.test(new URL(url).pathname) && s === status);
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  passed++;
  console.log(`ok ${passed} - ${what}`);
}
function noProblems(step) {
  if (problems.length) throw new Error(`${step}: the page reported problems:\n  ${problems.join('\n  ')}`);
}

// ---------------------------------------------------------------- the walk

const dataDir = mkdtempSync(path.join(tmpdir(), 'pw-browser-'));
let demo;
let browser;
let page;
let failed = false;
try {
  demo = await startDemo(dataDir);
  const base = `http://127.0.0.1:${demo.port}`;
  console.log(`demo on ${base}, accounts: ${Object.keys(demo.accounts).join(', ')}`);
  const { accounts } = demo;

  // Set-up through the API as the cleared leader: the walk's case (the top candidate's)
  // and another one marked secret, which the uncleared monitor must never see.
  const leaderApi = await apiLogin(base, accounts.leader);
  const agencyApi = await apiLogin(base, accounts.agency);
  const cases = await until('two detected cases', async () => {
    const r = await leaderApi.call('GET', '/api/cases');
    return r.cases.filter((c) => c.state === 'detected').length >= 2 && r.cases;
  });
  const top = (await leaderApi.call('GET', '/api/items?candidate=1&limit=50')).items[0];
  const walk = cases.find((c) => c.item_keys.includes(top.key));
  check(walk && walk.state === 'detected', `the top candidate "${top.title}" has a detected case`);
  const secret = cases.find((c) => c.id !== walk.id && c.state === 'detected');
  await leaderApi.call('POST', `/api/cases/${encodeURIComponent(secret.id)}/actions`, { kind: 'mark-secret' });
  const agency = agencyApi.user.agency;
  check(Boolean(agency), `the agency member belongs to an agency (${agency})`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(STEP_MS);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Chromium logs every 4xx/5xx fetch as a console error; the expected ones are not problems.
    const loc = m.location() && m.location().url;
    if (/Failed to load resource/.test(m.text()) && loc && expected.some(([, re]) => re.test(new URL(loc, base).pathname))) return;
    problems.push(`console error: ${m.text()} (${loc})`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !isExpected(r.request().method(), r.url(), r.status())) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  mkdirSync(shots, { recursive: true });
  rmSync(path.join(shots, 'failure.png'), { force: true });

  const login = async (account) => {
    await page.goto(`${base}/#/login`);
    await page.getByLabel('Tên đăng nhập').fill(account.name);
    await page.getByLabel('Mật khẩu').fill(account.password);
    await page.locator('form.login button[type=submit]').click();
    await page.waitForURL(/#\/(triage|cases)$/);
    await page.locator('main h1').waitFor();
    noProblems(`login as ${account.name}`);
  };
  const logout = async () => {
    await page.locator('#logout').click();
    await page.locator('form.login').waitFor();
  };
  const badge = (state) => page.locator(`.badge.state[data-state="${state}"]`).waitFor();

  // 1. The login page; a wrong password is told in Vietnamese.
  expect('GET', /^\/api\/me$/, 401);
  expect('POST', /^\/api\/login$/, 401);
  await page.goto(base);
  await page.locator('form.login').waitFor();
  await page.getByLabel('Tên đăng nhập').fill(accounts.monitor.name);
  await page.getByLabel('Mật khẩu').fill('not-the-password');
  await page.locator('form.login button[type=submit]').click();
  await page.locator('#errors .error').waitFor();
  check((await page.locator('#errors').textContent()).includes('Sai tên đăng nhập'), 'a wrong password shows a Vietnamese error');
  expected.splice(1); // from here on a 401 on /api/login is a problem

  // 2. The monitor's triage queue: ranked, highlighted, explained, with the cluster.
  await login(accounts.monitor);
  await page.locator('.queue li').first().waitFor();
  await page.locator('#detail .cluster svg.growth, #detail .cluster p.muted:not(:has-text("…"))').first().waitFor();
  check(await page.locator('.queue li').count() >= 1, 'the triage queue lists candidates');
  check(await page.locator('#detail mark').count() >= 1, 'the matching words are highlighted');
  check(await page.locator('#detail table.points tbody tr').count() >= 1, 'the score is explained point by point');
  check((await page.locator('.queue li.sel .title').textContent()) === top.title, 'the top candidate is ranked first');
  await page.screenshot({ path: path.join(shots, 'triage.png'), fullPage: true });

  // Keyboard: ? opens help, j/k move.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  check(await page.locator('#help[open]').isVisible(), '? opens the keyboard help');
  await page.keyboard.press('Escape');
  if (await page.locator('.queue li').count() >= 2) {
    await page.keyboard.press('j');
    check(await page.locator('.queue li').nth(1).evaluate((li) => li.classList.contains('sel')), 'j selects the next candidate');
    await page.keyboard.press('k');
    check(await page.locator('.queue li').nth(0).evaluate((li) => li.classList.contains('sel')), 'k selects the previous candidate');
  }

  // English switch, remembered across a reload.
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: 'Triage queue' }).waitFor();
  check(await page.locator('#nav a', { hasText: 'Case board' }).count() === 1, 'the English switch changes the labels');
  await page.reload();
  await page.locator('h1', { hasText: 'Triage queue' }).waitFor();
  check(true, 'the English choice survives a reload');
  await page.locator('#lang').click();
  await page.locator('h1', { hasText: 'Hàng chờ phân loại' }).waitFor();
  check(await page.locator('html[lang=vi]').count() === 1, 'switching back gives Vietnamese');

  // The uncleared monitor never sees the secret case.
  const secretItems = new Set(secret.item_keys);
  const listed = await page.locator('.queue li button.row').evaluateAll((bs) => bs.map((b) => b.dataset.key));
  check(!listed.some((k) => secretItems.has(k)), 'the secret case\'s items are not in the monitor\'s queue');

  // Triage by keyboard: x confirms the selected (top) candidate's case.
  await page.locator('.queue li').first().locator('button').focus();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  check((await page.locator('form.decide').getAttribute('data-case')) === walk.id, 'the selected candidate belongs to the walk\'s case');
  await page.keyboard.press('x');
  await until('the case to be confirmed', async () => (await leaderApi.call('GET', `/api/cases/${encodeURIComponent(walk.id)}`)).case.state === 'confirmed', STEP_MS);
  check(true, 'x confirmed the case');
  // d without a reason asks for one; with it, Enter dismisses (when another candidate waits).
  await page.waitForFunction((id) => {
    const f = document.querySelector('form.decide');
    return f ? f.dataset.case !== id : !document.querySelector('.queue') && document.querySelector('main h1');
  }, walk.id);
  const other = await page.locator('form.decide').getAttribute('data-case').catch(() => null);
  if (other && other !== walk.id) {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('d');
    check(await page.locator('#reason').evaluate((el) => el === document.activeElement), 'd without a reason focuses the reason field');
    await page.keyboard.type('Tin đúng sự thật, đã kiểm chứng');
    await page.keyboard.press('Enter');
    await until('the second case to be dismissed', async () => (await leaderApi.call('GET', `/api/cases/${encodeURIComponent(other)}`)).case.state === 'dismissed', STEP_MS);
    check(true, 'Enter in the reason field dismisses the case with that reason');
  } else {
    console.log('note: no second candidate waits; the dismissal by keyboard is not exercised');
  }
  noProblems('triage');

  await page.locator('#nav a[href="#/cases"]').click();
  await page.locator('.board').waitFor();
  check(await page.locator(`.card[data-case="${walk.id}"]`).count() === 1, 'the confirmed case is on the board');
  check((await page.locator(`.card[data-case="${walk.id}"] ul.deadlines`).textContent()).includes('Thông tin ban đầu'),
        'the confirmed case shows its 24-hour initial-information deadline from the server');
  check(await page.locator(`[data-case="${secret.id}"]`).count() === 0, 'the secret case is not on the monitor\'s board');
  const direct = await page.request.get(`${base}/api/cases/${encodeURIComponent(secret.id)}`);
  check(direct.status() === 404, 'the secret case answers 404 to the monitor, like a wrong id');
  await logout();

  // 3. The leader reports and assigns; the leader (cleared) does see the secret case.
  await login(accounts.leader);
  await page.goto(`${base}/#/cases`);
  await page.locator('.board').waitFor();
  check(await page.locator(`.card[data-case="${secret.id}"]`).count() === 1, 'the cleared leader sees the secret case');
  await page.goto(`${base}/#/case/${encodeURIComponent(walk.id)}`);
  await badge('confirmed');
  await page.locator('[data-action=report]').click();
  await badge('reported');
  const assign = page.locator('form[data-form=assign]');
  const proposed = (await assign.getByLabel('Cơ quan phối hợp').inputValue()).split(',').map((s) => s.trim()).filter((a) => a && a !== agency);
  const coordinating = proposed.length ? proposed : [];
  await assign.getByLabel('Cơ quan chủ trì').fill(agency);
  await assign.getByLabel('Cơ quan phối hợp').fill(coordinating.join(', '));
  await assign.locator('button[type=submit]').click();
  await badge('assigned');
  const agencyName = new Map((await leaderApi.call('GET', '/api/agencies')).agencies.map((a) => [a.id, a.name])).get(agency);
  check(Boolean(agencyName) && agencyName !== agency, `the profile names the agency ${agency}: ${agencyName}`);
  const leadShown = page.locator('dl.facts dd.lead');
  check((await leadShown.textContent()) === agencyName && (await leadShown.locator('[title]').getAttribute('title')) === agency,
    'the case page shows the lead agency by its name, its id only as the tooltip');
  const assignEvent = (await page.locator('ol.timeline li').allTextContents()).find((x) => x.includes(agencyName)) || '';
  check(assignEvent !== '' && !assignEvent.includes(`lead=${agency}`),
    `the timeline names the assigned agency: ${assignEvent.replace(/\s+/g, ' ').trim()}`);
  noProblems('report and assign');
  await logout();

  // 4. The agency member works the case.
  await login(accounts.agency);
  await page.locator(`.card[data-case="${walk.id}"] a`).click();
  await badge('assigned');
  await page.locator('[data-action=dossier]').click();
  await badge('dossier');
  const texts = {
    'false-content': 'Bài đăng trên mạng xã hội bịa đặt về an toàn thực phẩm, được chia sẻ lại trên nhiều trang.',
    impact: 'Gây hoang mang cho người dân hai xã.',
    'true-facts': 'Đoàn kiểm tra liên ngành không phát hiện vi phạm.',
    'legal-basis': 'Nghị định 72/2013/NĐ-CP; Thông tư 02/2019/TT-BTTTT.',
    messaging: 'Thực phẩm tại chợ trung tâm bảo đảm an toàn.',
  };
  for (const [section, text] of Object.entries(texts)) {
    const form = page.locator(`form[data-section="${section}"]`);
    await form.locator('textarea').fill(text);
    await form.locator('button[type=submit]').click();
    await page.locator(`form[data-section="${section}"] textarea`).filter({ hasText: text.slice(0, 20) }).waitFor();
  }
  check(true, 'the five dossier sections of Circular 02/2019 Art. 6 are saved');
  await page.locator('form[data-form=evidence] button[type=submit]').click();
  await page.locator('section h2', { hasText: 'Chứng cứ' }).locator('xpath=..').locator('code').first().waitFor();
  check(true, 'an item is archived as evidence with its SHA-256');
  await page.locator('[data-action=respond]').click();
  await badge('responding');
  await page.locator('form[data-form=measure] select').selectOption('press-release');
  await page.locator('form[data-form=measure]').getByLabel('Kênh').fill('Cổng thông tin điện tử tỉnh');
  await page.locator('form[data-form=measure] button[type=submit]').click();
  await page.locator('section h2', { hasText: 'Biện pháp phản hồi' }).locator('xpath=..').locator('li').first().waitFor();
  await page.locator('[data-action=clarify]').click();
  await badge('clarified');
  for (const [n, a] of coordinating.entries()) {
    const form = page.locator('form[data-form=notice]');
    await form.locator('select').selectOption(a);
    await form.getByLabel('Số văn bản').fill(`${100 + n}/TB-${agency}`);
    await form.locator('button[type=submit]').click();
    await page.locator('section h2', { hasText: 'Văn bản thông báo' }).locator('xpath=..').locator('li').nth(n).waitFor();
  }
  check(true, `written notices sent to ${coordinating.length} coordinating agencies`);
  await page.screenshot({ path: path.join(shots, 'case.png'), fullPage: true });
  noProblems('agency work');
  await logout();

  // 5. The leader closes the case and opens the report to the UBND tỉnh.
  await login(accounts.leader);
  await page.goto(`${base}/#/case/${encodeURIComponent(walk.id)}`);
  await badge('clarified');
  await page.locator('[data-action=close]').click();
  await badge('closed');
  check((await page.locator('ol.timeline li').count()) >= 9, 'the timeline shows every step');
  await page.locator('a', { hasText: 'Báo cáo UBND tỉnh' }).click();
  await page.locator('article.report h1', { hasText: 'BÁO CÁO' }).waitFor();
  check((await page.locator('article.report').textContent()).includes(texts['true-facts']), 'the printable report carries the dossier');
  await page.emulateMedia({ media: 'print' });
  check(!(await page.locator('header.top').isVisible()), 'the print CSS hides the page chrome');
  await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  noProblems('close and report');

  // 6. The sources page and the rule tester.
  await page.goto(`${base}/#/sources`);
  await page.locator('table.sources tbody tr').first().waitFor();
  check(await page.locator('table.sources .health').count() >= 1, 'the sources page shows each source\'s health');
  await page.goto(`${base}/#/rules`);
  await page.getByLabel('Văn bản').fill(`${top.title}. ${top.summary || ''}`);
  await page.locator('form.tester button[type=submit]').click();
  await page.locator('#explanation h2').waitFor();
  check(await page.locator('#explanation table.points tbody tr').count() >= 1, 'the rule tester explains a pasted text point by point');
  noProblems('sources and rule tester');

  // 7. The digest, when the daemon serves one: the last seven days (local
  // dates, UTC+7), so the demo run of today is in it.
  const localDay = (offset) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
  const week = `${base}/digest?from=${localDay(-6)}&to=${localDay(0)}`;
  const digest = await page.request.get(week);
  if (digest.status() === 200) {
    await page.goto(week);
    check((await page.locator('svg').count()) >= 3, 'the digest of the last seven days draws its charts');
    await page.screenshot({ path: path.join(shots, 'digest-page.png'), fullPage: true });
    check(true, '/digest is served and captured');
  } else {
    console.log(`note: /digest answered ${digest.status()}; no digest screenshot`);
  }
  noProblems('end');
  console.log(`screenshots in ${shots}`);
} catch (e) {
  failed = true;
  console.error(`FAILED: ${e.stack || e}`);
  if (page) {
    console.error(`page at ${page.url()}; screenshot ${path.join(shots, 'failure.png')}`);
    await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  }
  if (problems.length) console.error(`page problems:\n  ${problems.join('\n  ')}`);
  if (demo) console.error(`demo log (tail):\n${demo.log().slice(-2000)}`);
} finally {
  if (browser) await browser.close().catch(() => {});
  if (demo) {
    demo.child.kill('SIGINT');
    await new Promise((r) => { demo.child.once('exit', r); setTimeout(r, 5000); });
  }
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed ? 1 : 0} failed`);
process.exit(failed ? 1 : 0);
