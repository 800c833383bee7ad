// End-to-end steps of the CRM screens (pipeline kanban, leads, forecast, timelines), run by
// run.mjs after the sales steps. The same flow runs in English and in Persian: drag a card to
// another stage and see it stay after a reload, a stale card refused with a reload, mark one won,
// capture a lead (with its duplicate) and convert it, log a call on a partner's timeline.
// Alone (KEEL_E2E_ONLY=crm) it sets up stages, a partner, opportunities, a quota and an overdue
// task through the API first.
// ctx: { page, step, shot, apiFromPage, chooseOption, base, state }.
import assert from 'node:assert/strict';

const STAGES = [['New', 10, false], ['Qualified', 30, false], ['Proposal', 60, true], ['Negotiation', 80, true]];
const CUSTOMER = 'CRM Customer E2E';
const PERSIAN_DIGIT = /[۰-۹]/;

const json = (value) => JSON.stringify(value);

async function api(ctx, method, url, body) {
  return ctx.apiFromPage(ctx.page, method, url, body === undefined ? undefined : json(body));
}

async function ok(ctx, method, url, body, statuses = [200, 201]) {
  const r = await api(ctx, method, url, body);
  assert.ok(statuses.includes(r.status), `${method} ${url}: ${r.status} ${r.text}`);
  return r.json;
}

const isoDay = (offsetDays) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const month = (offsetMonths) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offsetMonths);
  return d.toISOString().slice(0, 7);
};

/** Stages, a customer, my user id, a quota this month and an overdue task on the customer. */
async function ensureSetup(ctx) {
  const s = ctx.state.crm = ctx.state.crm ?? {};
  if (s.stages) return s;
  if (!ctx.state.accountingReady) {
    const accounts = await ok(ctx, 'GET', '/api/v1/accounting/accounts?limit=1000');
    if (accounts.items.length === 0) await ok(ctx, 'POST', '/api/v1/accounting/setup', {});
    ctx.state.accountingReady = true;
  }
  let stages = (await ok(ctx, 'GET', '/api/v1/crm/stages')).items;
  if (stages.length === 0) {
    for (const [name, probability, committed] of STAGES) await ok(ctx, 'POST', '/api/v1/crm/stages', { name, probability, committed });
    stages = (await ok(ctx, 'GET', '/api/v1/crm/stages')).items;
  }
  s.stages = stages;
  const me = await ok(ctx, 'GET', '/api/v1/auth/me');
  s.userId = me.user?.id ?? me.id;
  const found = await ok(ctx, 'GET', `/api/v1/partners?q=${encodeURIComponent(CUSTOMER)}&limit=5`);
  s.customer = found.items.find((p) => p.name === CUSTOMER)?.id
    ?? (await ok(ctx, 'POST', '/api/v1/partners', { kind: 'organization', name: CUSTOMER, roles: ['customer'], emails: ['crm-customer@e2e.example'] })).id;
  await ok(ctx, 'PUT', '/api/v1/crm/quotas', { user_id: s.userId, month: month(0), amount: '10000.00' });
  await ok(ctx, 'POST', '/api/v1/crm/activities', { kind: 'task', subject: 'Send the price list', partner_id: s.customer, due_date: isoDay(-3) });
  return s;
}

/** Three open opportunities in the first stage for one language's run. */
async function openDeals(ctx, tag) {
  const s = ctx.state.crm;
  const deals = [];
  for (const [i, amount] of ['1200.00', '800.50', '450.25'].entries()) {
    deals.push(await ok(ctx, 'POST', '/api/v1/crm/opportunities', {
      title: `${tag} deal ${i + 1}`, partner_id: s.customer, stage_id: s.stages[0].id, expected_revenue: amount, close_date: isoDay(10 + i),
    }));
  }
  return deals;
}

const column = (page, stageId) => page.locator(`[data-testid=kanban-column][data-stage="${stageId}"]`);
const cardIn = (page, stageId, id) => column(page, stageId).locator(`[data-testid=kanban-card][data-id="${id}"]`);

async function setLanguage(ctx, language) {
  const { page } = ctx;
  const r = await api(ctx, 'PATCH', '/api/v1/auth/me/preferences', { language, calendar: language === 'fa' ? 'persian' : 'gregorian' });
  assert.equal(r.status, 200, r.text);
  await page.goto('/crm/pipeline');
  await page.waitForFunction((dir) => document.documentElement.dir === dir, language === 'fa' ? 'rtl' : 'ltr');
}

/** The CRM flow in one language. */
async function flow(ctx, code) {
  const { page, step, shot } = ctx;
  const s = ctx.state.crm;
  const [first, second, third] = [s.stages[0].id, s.stages[1].id, s.stages[2].id];
  let deals;

  await step(`crm (${code}): the pipeline shows the stages in the page's direction, with sums in the column headers`, async () => {
    deals = await openDeals(ctx, code === 'fa' ? 'معاملهٔ' : 'Kanban');
    await setLanguage(ctx, code);
    await page.getByTestId('kanban').waitFor();
    await cardIn(page, first, deals[0].id).waitFor();
    const boxes = await page.getByTestId('kanban-column').evaluateAll((columns) => columns.map((c) => c.getBoundingClientRect().x));
    assert.equal(boxes.length, s.stages.length);
    const ordered = boxes.every((x, i) => i === 0 || (code === 'fa' ? x < boxes[i - 1] : x > boxes[i - 1]));
    assert.ok(ordered, `columns flow ${code === 'fa' ? 'right to left' : 'left to right'}: ${boxes}`);
    const header = await column(page, first).getByTestId('column-expected').innerText();
    if (code === 'fa') assert.match(header, PERSIAN_DIGIT, `Persian digits in the column sum, got ${header}`);
    else assert.match(header, /\d/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page does not scroll sideways (${overflow}px)`);
    await shot(page, `${code}-crm-kanban`);
  });

  await step(`crm (${code}): drag a card to another stage; it stays there after a reload`, async () => {
    const before = await column(page, second).getByTestId('column-count').innerText();
    await cardIn(page, first, deals[0].id).dragTo(column(page, second));
    await cardIn(page, second, deals[0].id).waitFor();
    await page.waitForFunction(({ id, version }) => Number(document.querySelector(`[data-testid=kanban-card][data-id="${id}"]`)?.getAttribute('data-version')) > version,
      { id: deals[0].id, version: deals[0].version });
    assert.notEqual(await column(page, second).getByTestId('column-count').innerText(), before, 'the count changed');
    const moved = await ok(ctx, 'GET', `/api/v1/crm/opportunities/${deals[0].id}`);
    assert.equal(moved.stage_id, second);
    await page.reload();
    await cardIn(page, second, deals[0].id).waitFor();
    assert.equal(await cardIn(page, first, deals[0].id).count(), 0, 'not back in the first stage');
  });

  await step(`crm (${code}): a card changed elsewhere is refused with the server's reason, and a reload shows where it is`, async () => {
    await cardIn(page, first, deals[1].id).waitFor();
    await ok(ctx, 'POST', `/api/v1/crm/opportunities/${deals[1].id}/move`, { version: deals[1].version, stage_id: third });
    await cardIn(page, first, deals[1].id).dragTo(column(page, second));
    await page.locator('[data-testid=pipeline-problem][data-code=version_conflict]').waitFor();
    await cardIn(page, first, deals[1].id).waitFor(); // put back where the board had it
    await page.getByTestId('pipeline-problem-reload').click();
    await page.getByTestId('pipeline-problem').waitFor({ state: 'detached' });
    await cardIn(page, third, deals[1].id).waitFor();
  });

  await step(`crm (${code}): mark a card won; it leaves the board and the won total grows`, async () => {
    const wonBefore = (await ok(ctx, 'GET', '/api/v1/crm/pipeline?cards=0')).won_count;
    await cardIn(page, first, deals[2].id).getByTestId('card-win').click();
    await cardIn(page, first, deals[2].id).waitFor({ state: 'detached' });
    const won = await ok(ctx, 'GET', `/api/v1/crm/opportunities/${deals[2].id}`);
    assert.equal(won.state, 'won');
    assert.equal((await ok(ctx, 'GET', '/api/v1/crm/pipeline?cards=0')).won_count, wonBefore + 1);
    await page.waitForFunction((n) => document.querySelector('[data-testid=pipeline-won]')?.closest('.ant-statistic')?.textContent?.includes(n),
      code === 'fa' ? String(wonBefore + 1).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[d]) : String(wonBefore + 1));
  });

  const contact = code === 'fa' ? 'نرگس کریمی' : 'Nora Quill';
  const company = code === 'fa' ? 'بازرگانی نوین کریمی' : CUSTOMER;
  let leadId = 0;
  await step(`crm (${code}): capture a lead; the duplicate partner is shown and the lead is in the list`, async () => {
    await page.getByTestId('crm-nav-leads').click();
    await page.getByTestId('lead-list').waitFor();
    await page.getByTestId('new-lead').click();
    await page.getByTestId('lead-contact').fill(contact);
    await page.getByTestId('lead-company').fill(company);
    await page.getByTestId('lead-email').fill(`${code}.lead.${Date.now()}@e2e.example`);
    await page.getByTestId('lead-phone').fill('+98 21 5555 0101');
    await shot(page, `${code}-crm-lead-capture`);
    await page.getByTestId('lead-save').click();
    await page.getByTestId('lead-captured').waitFor();
    if (code === 'en') {
      await page.locator('[data-testid=lead-duplicate][data-kind=partner]', { hasText: CUSTOMER }).waitFor();
    }
    const href = await page.getByTestId('captured-link').getAttribute('href');
    leadId = Number(href.split('/').pop());
    assert.ok(leadId > 0);
    await page.getByTestId('capture-close').click();
    await page.waitForURL(/\/crm\/leads$/);
    await page.locator('[data-testid=lead-link]', { hasText: contact }).first().waitFor();
  });

  await step(`crm (${code}): convert the lead into ${code === 'en' ? 'an opportunity for the existing partner' : 'a new partner and an opportunity'}`, async () => {
    await page.locator('[data-testid=lead-link]', { hasText: contact }).first().click();
    await page.waitForURL(new RegExp(`/crm/leads/${leadId}$`));
    await page.locator('[data-testid=lead-page][data-state=new]').waitFor();
    await page.getByTestId('lead-qualify').click();
    await page.locator('[data-testid=lead-page][data-state=qualified]').waitFor();
    await page.getByTestId('lead-convert').click();
    await page.getByTestId(code === 'en' ? 'convert-existing-partner' : 'convert-new-partner').click();
    await page.getByTestId('convert-revenue').fill(code === 'fa' ? '۲۵۰۰' : '2500.00');
    await page.getByTestId('convert-confirm').click();
    await page.locator('[data-testid=lead-page][data-state=converted]').waitFor();
    await page.getByTestId('converted-opportunity').waitFor();
    const lead = await ok(ctx, 'GET', `/api/v1/crm/leads/${leadId}`);
    assert.equal(lead.state, 'converted');
    if (code === 'en') assert.equal(lead.partner_id, s.customer, 'linked to the existing partner');
    else assert.notEqual(lead.partner_id, s.customer, 'a new partner');
    const opportunity = await ok(ctx, 'GET', `/api/v1/crm/opportunities/${lead.opportunity_id}`);
    assert.match(opportunity.expected_revenue, /^2500(\.0+)?$/);
    await page.getByTestId('converted-opportunity').click();
    await page.getByTestId('opportunity-drawer').waitFor();
    await page.locator('[data-testid=opportunity-details][data-state=open]').waitFor();
  });

  await step(`crm (${code}): the partner's timeline shows the overdue task; log a call on it`, async () => {
    await page.goto(`/partners/${s.customer}`);
    await page.getByTestId('partner-tab-timeline').click();
    await page.locator('[data-testid=timeline-item][data-kind=task][data-overdue=true]').first().waitFor();
    const subject = code === 'fa' ? 'تماس پیگیری قیمت' : 'Follow-up call on prices';
    await page.getByTestId('log-kind-call').click();
    await page.getByTestId('log-subject').fill(subject);
    await page.getByTestId('log-body').fill('<b>not markup</b>');
    await page.getByTestId('log-submit').click();
    const item = page.locator('[data-testid=timeline-item][data-kind=call]', { hasText: subject }).first();
    await item.waitFor();
    assert.match(await item.innerText(), /<b>not markup<\/b>/, 'the body is shown as text');
    const timeline = await ok(ctx, 'GET', `/api/v1/crm/timeline?partner_id=${s.customer}`);
    assert.ok(timeline.items.some((a) => a.kind === 'call' && a.subject === subject), 'the call is on the partner’s timeline');
    await shot(page, `${code}-crm-partner-timeline`);
  });

  await step(`crm (${code}): the reminders list the overdue task`, async () => {
    await page.goto('/crm/pipeline');
    await page.locator('[data-testid=reminders-badge][data-count]:not([data-count="0"])').waitFor();
    await page.getByTestId('reminders-open').click();
    await page.locator('[data-testid=reminder]', { hasText: 'Send the price list' }).first().waitFor();
    await page.keyboard.press('Escape');
  });
}

/** The steps that drive the CRM screens, in English and in Persian. */
export async function run(ctx) {
  const { page, step } = ctx;
  await step('crm: stages, a customer, a quota and an overdue task are there', async () => {
    const s = await ensureSetup(ctx);
    assert.ok(s.stages.length >= 3 && s.customer && s.userId);
  });
  try {
    await flow(ctx, 'en');
    await flow(ctx, 'fa');
    await step('crm: the forecast shows this month with the quota and its attainment', async () => {
      await page.goto('/crm/forecast');
      await page.getByTestId('forecast').waitFor();
      await page.locator('[data-testid=forecast] canvas').first().waitFor();
      await page.locator('[data-testid=forecast-month]').first().waitFor();
      await page.getByTestId('attainment').first().waitFor();
      const forecast = await ok(ctx, 'GET', `/api/v1/crm/forecast?from=${month(0)}&to=${month(5)}`);
      const mine = forecast.rows.find((r) => r.month === month(0));
      assert.ok(mine && mine.quota, 'the quota is in the forecast');
      await page.getByTestId('forecast-by-team').click();
      await page.locator('[data-testid=forecast-group][data-group="0"]').waitFor(); // opportunities without a team
      assert.equal(await page.getByTestId('attainment').count(), 0, 'teams have no quota');
    });
  } finally {
    await setLanguage(ctx, 'en');
  }
}

/** Screenshots of the CRM screens (pipeline, leads, a lead, forecast, a partner's timeline) in language `code`. */
export async function screens(ctx, code) {
  const { page, shot } = ctx;
  const s = ctx.state.crm ?? {};
  await page.goto('/crm/pipeline');
  await page.locator('[data-testid=kanban-card]').first().waitFor();
  await shot(page, `${code}-crm-pipeline`);
  await page.goto('/crm/leads');
  await page.locator('[data-testid=lead-link]').first().waitFor();
  await shot(page, `${code}-crm-leads`);
  await page.locator('[data-testid=lead-link]').first().click();
  await page.getByTestId('lead-page').waitFor();
  await page.getByTestId('timeline').waitFor();
  await shot(page, `${code}-crm-lead`);
  await page.goto('/crm/forecast');
  await page.locator('[data-testid=forecast] canvas').first().waitFor();
  await shot(page, `${code}-crm-forecast`);
  if (s.customer) {
    await page.goto(`/partners/${s.customer}?tab=timeline`);
    await page.getByTestId('timeline-item').first().waitFor();
    await shot(page, `${code}-crm-timeline`);
  }
}
