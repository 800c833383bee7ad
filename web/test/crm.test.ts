import { describe, expect, it } from 'vitest';
import {
  attainmentPercent, canDrop, crmPageOf, crmSectionOf, findCard, forecastSeries, forecastTable, forecastTotal, leadBody, monthsBetween, moveCard,
  removeCard, replaceCard, toInstant, type ForecastRow, type Opportunity, type Pipeline,
} from '../src/pages/crm/model';
import { navigationFor, navKeyForPath } from '../src/lib/navigation';

function card(id: number, stage: number, amount: string, close = '2026-03-01', extra: Partial<Opportunity> = {}): Opportunity {
  return {
    id, title: `Deal ${id}`, partner_id: null, lead_id: null, stage_id: stage, state: 'open', expected_revenue: amount, currency: 'EUR', probability: 10,
    close_date: close, owner_id: 1, team_id: null, campaign_id: null, quote_id: null, lost_reason: '', created_at: '', closed_at: null, version: 1, ...extra,
  };
}

function board(): Pipeline {
  const stage = (id: number, probability: number) => ({ id, name: `S${id}`, sequence: id * 10, probability, committed: false, version: 1 });
  return {
    currency: 'EUR', expected: '300.03', weighted: '0', won_count: 0, lost_count: 0, won: '0', win_rate_percent: null,
    columns: [
      { stage: stage(1, 10), count: 2, expected: '200.02', weighted: '20.00', cards: [card(1, 1, '100.01', '2026-02-01'), card(2, 1, '100.01', '2026-04-01')] },
      { stage: stage(2, 60), count: 1, expected: '100.01', weighted: '60.01', cards: [card(3, 2, '100.01', '2026-03-01')] },
    ],
  };
}

describe('crm routes', () => {
  it('maps each CRM path to its page', () => {
    expect(crmPageOf('/crm')).toEqual({ page: 'pipeline', opportunity: null });
    expect(crmPageOf('/crm/pipeline', '?opportunity=7')).toEqual({ page: 'pipeline', opportunity: 7 });
    expect(crmPageOf('/crm/pipeline', '?opportunity=x')).toEqual({ page: 'pipeline', opportunity: null });
    expect(crmPageOf('/crm/leads')).toEqual({ page: 'leads', capture: false });
    expect(crmPageOf('/crm/leads/new')).toEqual({ page: 'leads', capture: true });
    expect(crmPageOf('/crm/leads/12/')).toEqual({ page: 'lead', id: 12 });
    expect(crmPageOf('/crm/forecast')).toEqual({ page: 'forecast' });
    for (const bad of ['/crm/leads/0', '/crm/leads/abc', '/crm/nowhere', '/crm/forecast/2', '/sales/leads', '/crm/pipeline/3']) expect(crmPageOf(bad), bad).toBeNull();
    expect(crmSectionOf({ page: 'lead', id: 3 })).toBe('leads');
  });

  it('shows CRM in the navigation to users with a crm permission', () => {
    expect(navigationFor({ 'crm.lead.read': 'own' }).map((n) => n.key)).toEqual(['dashboard', 'crm', 'settings']);
    expect(navKeyForPath('/crm/leads/3')).toBe('crm');
  });
});

describe('kanban bookkeeping', () => {
  it('moves a card: counts and expected sums follow exactly, the cards stay by close date', () => {
    const after = moveCard(board(), 2, 2);
    expect(after.columns[0].cards.map((c) => c.id)).toEqual([1]);
    expect(after.columns[1].cards.map((c) => c.id)).toEqual([3, 2]);
    expect(after.columns.map((c) => [c.count, c.expected])).toEqual([[1, '100.01'], [2, '200.02']]);
    expect(after.columns[1].cards[1]).toMatchObject({ stage_id: 2, probability: 60 });
    // The weighted sums are the server's (rounded once per total): both columns wait for them.
    expect(after.columns.map((c) => c.stale)).toEqual([true, true]);
    expect(after.columns[0].weighted).toBe('20.00');
  });

  it('moves nothing to the same stage, an unknown stage or for an unknown card', () => {
    const before = board();
    expect(moveCard(before, 1, 1)).toBe(before);
    expect(moveCard(before, 1, 99)).toBe(before);
    expect(moveCard(before, 42, 2)).toBe(before);
  });

  it('puts the server’s answer in place of the card, and takes won or lost cards off the board', () => {
    const moved = moveCard(board(), 1, 2);
    const updated = replaceCard(moved, card(1, 2, '100.01', '2026-02-01', { version: 2, probability: 60 }));
    expect(updated.columns[1].cards.find((c) => c.id === 1)?.version).toBe(2);
    expect(findCard(updated, 1)).toEqual({ column: 1, index: 0 });
    const removed = removeCard(board(), 3);
    expect(removed.columns[1]).toMatchObject({ count: 0, expected: '0.00', cards: [] });
    expect(removeCard(board(), 99)).toEqual(board());
  });

  it('lets open cards drop on another stage only', () => {
    const b = board();
    expect(canDrop(b, 1, 2)).toBe(true);
    expect(canDrop(b, 1, 1)).toBe(false);
    expect(canDrop(b, 1, 5)).toBe(false);
    b.columns[0].cards[0] = { ...b.columns[0].cards[0], state: 'won' };
    expect(canDrop(b, 1, 2)).toBe(false);
  });

  it('counts no lower than zero when the board shows fewer cards than the column holds', () => {
    const b = board();
    b.columns[1].count = 0; // a stale count
    expect(moveCard(b, 3, 1).columns[1].count).toBe(0);
  });
});

describe('forecast', () => {
  const row = (group: string, groupId: number, month: string, won: string, quota: string | null, pipeline = '100.00'): ForecastRow => ({
    group, group_id: groupId, month, pipeline, weighted: '10.00', committed: '0.00', won, quota, attainment_percent: attainmentPercent(won, quota),
  });
  const rows = [
    row('owner', 2, '2026-02', '50.00', '100.00'),
    row('owner', 1, '2026-03', '0.00', null),
    row('owner', 1, '2026-01', '33.33', '100.00', '0.01'),
  ];

  it('computes attainment as won ÷ quota, one decimal, half up', () => {
    expect(attainmentPercent('33.33', '100.00')).toBe('33.3');
    expect(attainmentPercent('2', '3')).toBe('66.7');
    expect(attainmentPercent('1', '8')).toBe('12.5');
    expect(attainmentPercent('150', '100')).toBe('150.0');
    expect(attainmentPercent('0', '100')).toBe('0.0');
    expect(attainmentPercent('5', null)).toBeNull();
    expect(attainmentPercent('5', '0')).toBeNull();
  });

  it('groups rows by owner or team, months in order, with each group’s sums', () => {
    const table = forecastTable(rows, (id) => (id === 1 ? 'Ziva' : 'Anna'));
    expect(table.map((g) => [g.group, g.group_id])).toEqual([['Anna', 2], ['Ziva', 1]]);
    expect(forecastTable(rows).map((g) => g.group)).toEqual(['#1', '#2']);
    expect(table[1].children?.map((m) => m.month)).toEqual(['2026-01', '2026-03']);
    expect(table[1]).toMatchObject({ month: null, pipeline: '100.01', weighted: '20.00', won: '33.33', quota: '100.00', attainment_percent: '33.3' });
    expect(table[0]).toMatchObject({ won: '50.00', quota: '100.00', attainment_percent: '50.0' });
    expect(forecastTotal(rows)).toMatchObject({ pipeline: '200.01', won: '83.33', quota: '200.00', attainment_percent: '41.7' });
    expect(forecastTotal([])).toMatchObject({ pipeline: '0', quota: null, attainment_percent: null });
  });

  it('lays the chart out month by month over the whole range, summed over the groups', () => {
    const { months, series } = forecastSeries(rows, '2025-12', '2026-03');
    expect(months).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    expect(series.pipeline).toEqual(['0', '0.01', '100.00', '100.00']);
    expect(series.won).toEqual(['0', '33.33', '50.00', '0.00']);
    expect(series.quota).toEqual(['0', '100.00', '100.00', '0']);
  });

  it('lists months across a year and refuses a reversed range', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
    expect(monthsBetween('2026-2', '2026-03')).toEqual([]);
  });
});

describe('lead capture and activities', () => {
  it('sends trimmed fields, leaves empty ones out, upper-cases the country', () => {
    expect(leadBody({ contact_name: '  Maryam ', company_name: '', email: ' m@x.example ', country: 'ir', employees: '40', source: 'phone', campaign_id: null }))
      .toEqual({ contact_name: 'Maryam', email: 'm@x.example', country: 'IR', employees: 40, source: 'phone' });
    expect(leadBody({ contact_name: 'A', employees: '4x' })).toEqual({ contact_name: 'A' });
  });

  it('writes a meeting instant as the API takes it', () => {
    expect(toInstant(new Date(Date.UTC(2026, 2, 1, 9, 30, 0, 123)))).toBe('2026-03-01T09:30:00Z');
  });
});
