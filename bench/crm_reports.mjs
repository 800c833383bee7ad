#!/usr/bin/env node
// The CRM reports at scale, against a running `keel serve`. Prints numbers; asserts nothing.
//
//   node bench/crm_reports.mjs --base URL --token TOKEN --seed      the CRM set-up through the API
//   node bench/crm_reports.mjs --base URL --token TOKEN --time N    time each report N times
//
// --seed makes, through the real API, what the bulk rows of bench/crm_reports.sh point at:
// REPS (default 50) salespeople and one manager per team of ten (users with passwords, so
// the record rules are real), the teams, 6 stages, 20 campaigns, PARTNERS (default 1000)
// customers and one busy customer ("Bench busy partner"), and a few leads, opportunities and
// activities made by the services themselves.
// --time calls each report of REPORTS (after two warm-up calls) N times in a row and prints
// p50, p99 and max in ms and the size of the answer. More reports: add a line to REPORTS, or
// set CRM_BENCH_EXTRA to "name|who|path;name|who|path" (who: admin, sales or manager; the path
// may name {partner}, {campaign}, {from} and {to}).
import { client, items, parseArgs } from './client.mjs';

const args = parseArgs(process.argv.slice(2));
const BASE = args.base;
const TOKEN = args.token;
const REPS = Number(args.reps ?? 50);
const PARTNERS = Number(args.partners ?? 1000);
const REP_PASSWORD = 'bench-rep-password-1';
if (!BASE || !TOKEN || !(args.seed || args.time)) {
  console.error('usage: crm_reports.mjs --base URL --token TOKEN (--seed | --time N)');
  process.exit(2);
}
const CRM = '/api/v1/crm';
const admin = client(BASE, TOKEN);

const month = (offset) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
};

// The reports timed, in order. `who` is the caller; the path may use the placeholders above.
const REPORTS = [
  { name: 'pipeline (admin, all)', who: 'admin', path: `${CRM}/pipeline` },
  { name: 'pipeline (sales, own)', who: 'sales', path: `${CRM}/pipeline` },
  { name: 'pipeline (manager, team)', who: 'manager', path: `${CRM}/pipeline` },
  { name: 'forecast 12 months by owner', who: 'admin', path: `${CRM}/forecast?from={from}&to={to}&group_by=owner` },
  { name: 'forecast 12 months by team', who: 'admin', path: `${CRM}/forecast?from={from}&to={to}&group_by=team` },
  { name: 'forecast 12 months (sales, own)', who: 'sales', path: `${CRM}/forecast?from={from}&to={to}&group_by=owner` },
  { name: 'timeline of the busy partner', who: 'admin', path: `${CRM}/timeline?partner_id={partner}` },
  { name: 'opportunities ?q=deal 4242', who: 'admin', path: `${CRM}/opportunities?q=deal%204242` },
  { name: 'opportunities ?q= (sales, own)', who: 'sales', path: `${CRM}/opportunities?q=deal%20100` },
  { name: 'leads, first page (admin)', who: 'admin', path: `${CRM}/leads?limit=50` },
  { name: 'leads, first page (sales, own)', who: 'sales', path: `${CRM}/leads?limit=50` },
  { name: 'leads ?state=qualified', who: 'admin', path: `${CRM}/leads?state=qualified&limit=50` },
];

async function pool(count, width, task) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < count) await task(next++);
  }));
}

async function seed() {
  const started = Date.now();
  const user = (email, name, role) => admin.must('POST', '/api/v1/auth/users', { email, name, password: REP_PASSWORD, roles: [role] }, [201]);
  const reps = [];
  for (let i = 0; i < REPS; i++) reps.push(await user(`rep${String(i).padStart(3, '0')}@crm.bench`, `Rep ${i}`, 'sales'));
  const teams = Math.ceil(REPS / 10);
  for (let t = 0; t < teams; t++) {
    const manager = await user(`manager${t}@crm.bench`, `Manager ${t}`, 'manager');
    const members = reps.slice(t * 10, t * 10 + 10).map((r) => r.id);
    await admin.must('POST', `${CRM}/teams`, { name: `Bench team ${t}`, leader_id: manager.id, members }, [201]);
  }
  const stages = [['Prospecting', 10, false], ['Qualification', 20, false], ['Needs analysis', 40, false],
    ['Proposal', 60, false], ['Negotiation', 80, true], ['Verbal yes', 90, true]];
  for (const [name, probability, committed] of stages) {
    await admin.must('POST', `${CRM}/stages`, { name, probability, committed }, [201]);
  }
  const channels = ['email', 'social', 'search', 'event', 'partner', 'print', 'other'];
  for (let c = 1; c <= 20; c++) {
    await admin.must('POST', `${CRM}/campaigns`, { name: `Bench campaign ${c}`, code: `BENCH-C${c}`, channel: channels[c % channels.length], budget: `${c * 1000}.00` }, [201]);
  }
  const busy = await admin.must('POST', '/api/v1/partners', { kind: 'organization', name: 'Bench busy partner', roles: ['customer'] }, [201]);
  await pool(PARTNERS, 8, (i) => admin.must('POST', '/api/v1/partners', { kind: 'organization', name: `Bench customer ${i}`, roles: ['customer'] }, [201]));
  // A few rows made by the services themselves, beside the bulk ones.
  for (let i = 0; i < 5; i++) {
    const lead = await admin.must('POST', `${CRM}/leads`, { contact_name: `API lead ${i}`, email: `api-lead-${i}@crm.bench`, owner_id: reps[i].id }, [201]);
    const opportunity = await admin.must('POST', `${CRM}/opportunities`, { title: `API deal ${i}`, partner_id: busy.id, expected_revenue: '1234.56', owner_id: reps[i].id }, [201]);
    await admin.must('POST', `${CRM}/activities`, { kind: 'call', subject: `API call ${i}`, opportunity_id: opportunity.id }, [201]);
    await admin.must('POST', `${CRM}/activities`, { kind: 'note', subject: `API note ${i}`, lead_id: lead.id }, [201]);
  }
  console.log(`api seed: ${REPS} salespeople, ${teams} teams with their managers, 6 stages, 20 campaigns, ${PARTNERS + 1} partners in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function login(email) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: REP_PASSWORD }) });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${await r.text()}`);
  return (await r.json()).token;
}

function extraReports() {
  return (process.env.CRM_BENCH_EXTRA ?? '').split(';').filter(Boolean).map((entry) => {
    const [name, who, path] = entry.split('|');
    return { name, who, path };
  });
}

async function time(runs) {
  const tokens = { admin: TOKEN, sales: await login('rep000@crm.bench'), manager: await login('manager0@crm.bench') };
  const busy = items(await admin.must('GET', '/api/v1/partners?q=Bench%20busy%20partner&limit=5')).find((p) => p.name === 'Bench busy partner');
  const campaign = items(await admin.must('GET', `${CRM}/campaigns`)).find((c) => c.code === 'BENCH-C1');
  const values = { partner: busy.id, campaign: campaign.id, from: month(-6), to: month(5) };
  console.log(`${'report'.padEnd(36)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'bytes'.padStart(9)}`);
  for (const report of [...REPORTS, ...extraReports()]) {
    const path = report.path.replace(/\{(\w+)\}/g, (_, key) => values[key]);
    const call = async () => {
      const started = process.hrtime.bigint();
      const r = await fetch(BASE + path, { headers: { authorization: `Bearer ${tokens[report.who]}` } });
      const body = await r.text();
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (r.status !== 200) throw new Error(`${report.name}: GET ${path} → ${r.status} ${body.slice(0, 200)}`);
      return { ms, bytes: body.length };
    };
    await call();
    await call();
    const samples = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const { ms, bytes: size } = await call();
      samples.push(ms);
      bytes = size;
    }
    samples.sort((a, b) => a - b);
    const fmt = (v) => v.toFixed(1).padStart(8);
    console.log(`${report.name.padEnd(36)} ${fmt(percentile(samples, 0.5))} ${fmt(percentile(samples, 0.99))} ${fmt(samples[samples.length - 1])} ${String(bytes).padStart(9)}`);
  }
}

if (args.seed) await seed();
else await time(Number(args.time));
