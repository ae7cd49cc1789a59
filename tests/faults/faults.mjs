// Fault tests: crashes, restarts and lost connections under load, bounded in time and count, only against 127.0.0.1.
// Started by `./build.sh faults`, which provides the environment below and a fresh database.
//   API_DLL, CONNECTION, ADMIN_KEY, PORT, DB_STOP_CMD, DB_START_CMD, RESULTS
import { spawn, execSync } from 'node:child_process';
import { writeFileSync, openSync } from 'node:fs';

const port = process.env.PORT ?? '5082';
const base = `http://127.0.0.1:${port}`;
const adminKey = process.env.ADMIN_KEY ?? 'dev-admin-key-change-me';
const results = process.env.RESULTS ?? 'TestResults';
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const checks = [];
const check = (name, ok, detail) => { checks.push({ name, ok: !!ok, detail }); console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ' — ' + detail : ''}`); };

let api;
function startApi() { api = spawnApi(base); }
function spawnApi(url) {
  const log = openSync(`${results}/faults-api.log`, 'a');
  return spawn('dotnet', [process.env.API_DLL], {
    env: { ...process.env, ASPNETCORE_URLS: url, ASPNETCORE_ENVIRONMENT: 'Development', ConnectionStrings__Marten: process.env.CONNECTION,
           TrainingHub__AdminApiKey: adminKey, TrainingHub__SeedDemoData: 'false',
           TrainingHub__RateLimit__PermitsPerSecond: '100000', TrainingHub__RateLimit__Burst: '100000' },
    stdio: ['ignore', log, log], detached: false,
  });
}
async function waitReady(timeoutMs = 60000, url = base) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try { if ((await fetch(url + '/health/ready')).status === 200) return Date.now() - start; } catch { }
    await sleep(200);
  }
  throw new Error('API not ready');
}
async function call(method, path, key, body, headers = {}, url = base) {
  const started = Date.now();
  try {
    const response = await fetch(url + path, {
      method, signal: AbortSignal.timeout(15000),
      headers: { 'X-Api-Key': key, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? safeJson(text) : null, ms: Date.now() - started };
  } catch (e) {
    return { status: 0, error: e.cause?.code ?? e.name, ms: Date.now() - started };
  }
}
const safeJson = text => { try { return JSON.parse(text); } catch { return text; } };
async function ok(method, path, key, body) {
  const r = await call(method, path, key, body);
  if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function world(name, capacity) {
  const org = await ok('POST', '/api/organisations', adminKey, { name: `Provider ${name} ${Date.now()}`, kind: 'international' });
  const providerKey = (await ok('POST', `/api/organisations/${org.id}/api-keys`, adminKey, { role: 'provider' })).key;
  const portal = await ok('POST', '/api/organisations', adminKey, { name: `Portal ${name} ${Date.now()}`, kind: 'ngo' });
  const partnerKey = (await ok('POST', `/api/organisations/${portal.id}/api-keys`, adminKey, { role: 'partner' })).key;
  const programme = await ok('POST', '/api/programmes', providerKey, { title: `Fault test ${name}`, level: 'basic', disciplines: ['demography'],
    deliveryModes: ['online'], languages: ['en'], regions: ['ECE'] });
  const offering = await ok('POST', `/api/programmes/${programme.id}/offerings`, providerKey, { startDate: '2031-01-01', endDate: '2031-01-05',
    deliveryMode: 'online', language: 'en', capacity });
  return { providerKey, partnerKey, offeringId: offering.id };
}

// Enrols unique trainees with `concurrency` workers for `seconds`, spread over `urls`; `onTick` runs side effects.
async function load(w, seconds, concurrency, prefix, onTick, urls = [base]) {
  const sent = [];
  const until = Date.now() + seconds * 1000;
  let n = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const i = n++;
      const body = { trainee: { email: `${prefix}${i}@faults.example.org`, givenName: 'F', familyName: 'T', sex: 'other',
        countryOfResidence: 'KAZ', organisationType: 'nso' } };
      const key = `${prefix}-${i}`;
      const r = await call('POST', `/api/offerings/${w.offeringId}/enrolments`, w.partnerKey, body, { 'Idempotency-Key': key },
        urls[i % urls.length]);
      sent.push({ i, key, request: body, at: Date.now(), ...r });
      if (r.status === 0) await sleep(50);
    }
  };
  const ticker = onTick ? (async () => { while (Date.now() < until) { await onTick(); await sleep(100); } })() : null;
  await Promise.all([...Array(concurrency)].map(worker));
  await ticker;
  return sent;
}

async function verifyStored(w, sent, label, capacity) {
  const accepted = sent.filter(r => r.status === 201);
  let missing = 0, changed = 0;
  for (const r of accepted) {
    const retry = await call('POST', `/api/offerings/${w.offeringId}/enrolments`, w.partnerKey, r.request, { 'Idempotency-Key': r.key });
    if (retry.status !== 201) missing++;
    else if (retry.body.enrolmentId !== r.body.enrolmentId) changed++;
  }
  check(`${label}: every 2xx enrolment is stored, exactly once`, missing === 0 && changed === 0,
    `${accepted.length} accepted, ${missing} missing, ${changed} answered with another id`);
  const roster = await ok('GET', `/api/offerings/${w.offeringId}/roster`, w.providerKey);
  const ids = [...roster.confirmed, ...roster.waitlist].map(e => e.enrolmentId);
  check(`${label}: no enrolment twice in the roster`, new Set(ids).size === ids.length, `${ids.length} live enrolments`);
  check(`${label}: seats never oversold`, roster.confirmed.length === Math.min(capacity, ids.length),
    `${roster.confirmed.length} confirmed of ${capacity} seats, ${roster.waitlist.length} waitlisted`);
  const positions = roster.waitlist.map(e => e.waitlistPosition);
  check(`${label}: waitlist positions are 1..n`, positions.every((p, k) => p === k + 1));
}

// A node taking over after a crash first wins the daemon's leadership election, then restarts each projection.
async function projectionsCatchUp(label) {
  const started = Date.now();
  let last;
  while (Date.now() - started < 90000) {
    last = await call('GET', '/api/reports/status', adminKey);
    if (last.status === 200 && last.body.projections.length > 0 && last.body.upToDate) {
      check(`${label}: async projections caught up`, true,
        `within ${((Date.now() - started) / 1000).toFixed(1)} s, high-water mark ${last.body.highWaterMark}`);
      return;
    }
    await sleep(250);
  }
  check(`${label}: async projections caught up`, false, 'still behind after 90 s: ' + JSON.stringify(last?.body));
}

// After a kill -9 the dead node's daemon locks must be released and taken over: ms from the new node being ready until
// every projection includes every event committed by then (writes go on meanwhile), null if not within 60 s.
async function resumption() {
  const started = Date.now();
  let committedAtReady = null;
  while (Date.now() - started < 60000) {
    const r = await call('GET', '/api/reports/status', adminKey);
    if (r.status === 200 && r.body.projections.length > 0) {
      committedAtReady ??= r.body.highestCommitted;
      if (r.body.projections.every(p => p.position >= committedAtReady)) return Date.now() - started;
    }
    await sleep(100);
  }
  return null;
}

async function crash() {
  const w = await world('crash', 150);
  let killed = false, restarted = null;
  const startedAt = Date.now();
  const sent = await load(w, 20, 16, 'crash', async () => {
    if (!killed && Date.now() - startedAt > 8000) {
      killed = true;
      api.kill('SIGKILL');
      console.log('     kill -9 the API under load');
      startApi();
      restarted = waitReady().then(ms => { console.log(`     restarted, ready after ${ms} ms`); return resumption(); });
    }
  });
  const resumedMs = await restarted;
  check('crash: projections resume within 5 s of the new node being ready', resumedMs !== null && resumedMs <= 5000,
    resumedMs === null ? 'still standing after 60 s' : `${resumedMs} ms`);
  const accepted = sent.filter(r => r.status === 201).length;
  check('crash: load ran before and after the kill', accepted > 0 && sent.some(r => r.status === 201 && r.at > startedAt + 12000),
    `${sent.length} requests, ${accepted} accepted, ${sent.filter(r => r.status === 0).length} connection failures`);
  check('crash: no 5xx other than 503', sent.every(r => r.status < 500 || r.status === 503));
  await verifyStored(w, sent, 'crash', 150);
  await projectionsCatchUp('crash');
}

async function databaseRestart() {
  const w = await world('restart', 100);
  let stoppedAt = null, startedAgainAt = null, readyWhileDown = null;
  const t0 = Date.now();
  const sent = await load(w, 16, 8, 'restart', async () => {
    if (!stoppedAt && Date.now() - t0 > 4000) {
      stoppedAt = Date.now();
      execSync(process.env.DB_STOP_CMD, { stdio: 'ignore' });
      readyWhileDown = (await call('GET', '/health/ready', adminKey)).status;
      console.log('     PostgreSQL stopped under load');
      setTimeout(() => { execSync(process.env.DB_START_CMD, { stdio: 'ignore' }); startedAgainAt = Date.now(); console.log('     PostgreSQL started again'); }, 4000);
    }
  });
  const down = sent.filter(r => r.at >= stoppedAt && (startedAgainAt === null || r.at - r.ms <= startedAgainAt));
  const failedDown = down.filter(r => r.status !== 201);
  check('database restart: while down, answers are 503 problem+json', failedDown.length > 0 && failedDown.every(r => r.status === 503 && r.type.startsWith('application/problem+json')),
    `${failedDown.length} refused while down: ${[...new Set(failedDown.map(r => r.status))].join(',')}`);
  const slowest = Math.max(0, ...failedDown.map(r => r.ms));
  check('database restart: no request hangs (refusals within 5 s)', slowest <= 5000, `slowest refusal ${slowest} ms`);
  check('database restart: /health/ready says not ready while down', readyWhileDown === 503, `got ${readyWhileDown}`);
  const firstWrite = sent.filter(r => r.status === 201 && startedAgainAt && r.at > startedAgainAt).map(r => r.at).sort((a, b) => a - b)[0];
  check('database restart: writes succeed within 5 s of its return', firstWrite && firstWrite - startedAgainAt <= 5000,
    firstWrite ? `${firstWrite - startedAgainAt} ms after restart` : 'no write succeeded after restart');
  check('database restart: no 500', sent.every(r => r.status !== 500));
  await verifyStored(w, sent, 'database restart', 100);
}

// Two API processes on one database, both running the HotCold daemon: every event is projected exactly once
// (the partner feed holds one entry per enrolment; the report's confirmed equals the roster's) and no seat is oversold.
async function twoNodes() {
  const secondUrl = base.replace(/:(\d+)$/, (_, p) => ':' + (Number(p) + 1));
  const second = spawnApi(secondUrl);
  try {
    await waitReady(60000, secondUrl);
    const w = await world('two-nodes', 80);
    const sent = await load(w, 12, 16, 'twonodes', null, [base, secondUrl]);
    const accepted = sent.filter(r => r.status === 201);
    check('two nodes: both nodes served enrolments', accepted.length > 0 && sent.filter((r, k) => r.status === 201 && r.i % 2 === 1).length > 0,
      `${accepted.length} accepted`);
    await verifyStored(w, sent, 'two nodes', 80);
    await projectionsCatchUp('two nodes');
    let feed = [], after = '0';
    for (let page = 0; page < 100; page++) {
      const r = await ok('GET', `/api/partners/me/feed?limit=500&after=${after}`, w.partnerKey);
      feed = feed.concat(r.items);
      after = r.next;
      if (!r.hasMore) break;
    }
    const ids = feed.map(f => f.enrolmentId);
    check('two nodes: the feed projected each enrolment exactly once', ids.length === accepted.length && new Set(ids).size === ids.length,
      `${ids.length} feed entries for ${accepted.length} enrolments`);
    const roster = await ok('GET', `/api/offerings/${w.offeringId}/roster`, w.providerKey);
    const report = await ok('GET', `/api/reports/effectiveness?by=provider&to=2032-01-01`, adminKey);
    const line = report.lines.find(l => l.name.startsWith('Provider two-nodes'));
    check('two nodes: report figures equal the event totals', line && line.confirmed === roster.confirmed.length,
      `report confirmed ${line?.confirmed}, roster ${roster.confirmed.length}`);
  } finally {
    second.kill('SIGKILL');
  }
}

try {
  startApi();
  await waitReady();
  await crash();
  await databaseRestart();
  await twoNodes();
} catch (e) {
  check('fault run completed', false, e.message);
} finally {
  api?.kill('SIGKILL');
}
writeFileSync(`${results}/faults.json`, JSON.stringify(checks, null, 2));
const failed = checks.filter(c => !c.ok).length;
console.log(`faults: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
