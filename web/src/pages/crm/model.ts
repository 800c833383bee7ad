// The CRM screens' data shapes and pure logic: which page a path shows, the kanban's bookkeeping
// while a card moves (cards, counts and expected sums exact, on decimal strings), and the
// forecast's table and chart shaped from the server's rows. Amounts stay decimal strings; every
// sum goes through lib/decimal (BigInt).
import { addDecimal, compareDecimal, parseDecimal, subtractDecimal, sumDecimals } from '../../lib/decimal';

// ---------------------------------------------------------------------------------------------
// Shapes of the API's answers

export type LeadState = 'new' | 'qualified' | 'converted' | 'disqualified';
export const LEAD_STATES: LeadState[] = ['new', 'qualified', 'converted', 'disqualified'];
export const LEAD_SOURCES = ['api', 'web_form', 'import', 'email', 'phone', 'social', 'referral'] as const;

export interface Duplicate {
  kind: 'lead' | 'partner';
  id: number;
  name: string;
  match: string;
}

export interface Lead {
  id: number;
  contact_name: string;
  company_name: string;
  email: string;
  phone: string;
  website: string;
  country: string;
  employees: number | null;
  message: string;
  source: string;
  campaign_id: number | null;
  form_id: number | null;
  owner_id: number;
  team_id: number | null;
  state: LeadState;
  score: number;
  disqualify_reason: string;
  partner_id: number | null;
  opportunity_id: number | null;
  created_at: string;
  updated_at: string;
  version: number;
  duplicates?: Duplicate[];
}

export interface ConvertAnswer {
  lead: Lead;
  partner_id: number;
  partner_created: boolean;
  opportunity_id: number;
}

export type OpportunityState = 'open' | 'won' | 'lost';

export interface Opportunity {
  id: number;
  title: string;
  partner_id: number | null;
  lead_id: number | null;
  stage_id: number;
  state: OpportunityState;
  expected_revenue: string;
  currency: string;
  probability: number;
  close_date: string;
  owner_id: number;
  team_id: number | null;
  campaign_id: number | null;
  quote_id: number | null;
  lost_reason: string;
  created_at: string;
  closed_at: string | null;
  version: number;
}

export interface Stage {
  id: number;
  name: string;
  sequence: number;
  probability: number;
  committed: boolean;
  version: number;
}

export interface Team {
  id: number;
  name: string;
  leader_id: number;
  members: number[];
  version: number;
}

export interface Campaign {
  id: number;
  name: string;
  code: string;
  channel: string;
  state: string;
}

export interface PipelineColumn {
  stage: Stage;
  count: number;
  expected: string;
  weighted: string;
  cards: Opportunity[];
  /** Set on the client while the column's weighted sum waits for the server's figure. */
  stale?: boolean;
}

export interface Pipeline {
  columns: PipelineColumn[];
  currency: string;
  expected: string;
  weighted: string;
  won_count: number;
  lost_count: number;
  won: string;
  win_rate_percent: string | null;
}

export type ActivityKind = 'call' | 'email' | 'meeting' | 'note' | 'task' | 'web_form' | 'social';
export const ACTIVITY_KINDS: ActivityKind[] = ['call', 'email', 'meeting', 'note', 'task', 'web_form', 'social'];
/** The kinds a person logs by hand; web forms and social messages arrive by themselves. */
export const LOGGABLE_KINDS: ActivityKind[] = ['call', 'email', 'meeting', 'note', 'task'];

export interface Activity {
  id: number;
  kind: ActivityKind;
  subject: string;
  body: string;
  direction: string;
  channel: string;
  partner_id: number | null;
  opportunity_id: number | null;
  lead_id: number | null;
  user_id: number;
  due_date: string | null;
  starts_at: string | null;
  ends_at: string | null;
  done_at: string | null;
  overdue: boolean;
  created_at: string;
  version: number;
}

export interface ForecastRow {
  group: string;
  group_id: number;
  month: string;
  pipeline: string;
  weighted: string;
  committed: string;
  won: string;
  quota: string | null;
  attainment_percent: string | null;
}

export interface Forecast {
  currency: string;
  rows: ForecastRow[];
}

// ---------------------------------------------------------------------------------------------
// Routes

export type CrmSection = 'pipeline' | 'leads' | 'forecast';
export const CRM_SECTIONS: CrmSection[] = ['pipeline', 'leads', 'forecast'];

export type CrmPage =
  | { page: 'pipeline'; opportunity: number | null }
  | { page: 'leads'; capture: boolean }
  | { page: 'lead'; id: number }
  | { page: 'forecast' };

const ID = /^[1-9]\d{0,17}$/;

/** The CRM page of a path ("/crm/leads/12" → the lead 12), or null when none matches. */
export function crmPageOf(path: string, search = ''): CrmPage | null {
  const parts = path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'crm' || parts.length > 3) return null;
  const [, section, a] = parts;
  const query = new URLSearchParams(search);
  switch (section) {
    case undefined:
    case 'pipeline': {
      if (a !== undefined) return null;
      const opportunity = query.get('opportunity');
      return { page: 'pipeline', opportunity: opportunity && ID.test(opportunity) ? Number(opportunity) : null };
    }
    case 'leads':
      if (a === undefined) return { page: 'leads', capture: false };
      if (a === 'new') return { page: 'leads', capture: true };
      return ID.test(a) ? { page: 'lead', id: Number(a) } : null;
    case 'forecast':
      return a === undefined ? { page: 'forecast' } : null;
    default:
      return null;
  }
}

export function crmSectionOf(page: CrmPage): CrmSection {
  return page.page === 'lead' ? 'leads' : page.page === 'leads' ? 'leads' : page.page;
}

// ---------------------------------------------------------------------------------------------
// The kanban's bookkeeping

/** Where a card is on the board: its column index and its index in that column. */
export function findCard(board: Pipeline, id: number): { column: number; index: number } | null {
  for (let column = 0; column < board.columns.length; column++) {
    const index = board.columns[column].cards.findIndex((c) => c.id === id);
    if (index >= 0) return { column, index };
  }
  return null;
}

/** Cards in the server's order: by close date, then id. */
function byCloseDate(a: Opportunity, b: Opportunity): number {
  return a.close_date < b.close_date ? -1 : a.close_date > b.close_date ? 1 : a.id - b.id;
}

function withoutCard(column: PipelineColumn, card: Opportunity): PipelineColumn {
  return {
    ...column,
    cards: column.cards.filter((c) => c.id !== card.id),
    count: Math.max(0, column.count - 1),
    expected: subtractDecimal(column.expected, card.expected_revenue),
    stale: true,
  };
}

function withCard(column: PipelineColumn, card: Opportunity): PipelineColumn {
  return {
    ...column,
    cards: [...column.cards.filter((c) => c.id !== card.id), card].sort(byCloseDate),
    count: column.count + 1,
    expected: addDecimal(column.expected, card.expected_revenue),
    stale: true,
  };
}

/**
 * The board after moving a card to another stage, before the server answers: the card changes
 * column, counts and expected sums follow exactly. The weighted sums are the server's (rounded
 * once per total), so both columns are marked stale until it sends them. A move to the card's
 * own stage, or of a card not on the board, leaves the board as it is.
 */
export function moveCard(board: Pipeline, id: number, stageId: number): Pipeline {
  const from = findCard(board, id);
  const to = board.columns.findIndex((c) => c.stage.id === stageId);
  if (!from || to < 0 || from.column === to) return board;
  const card = board.columns[from.column].cards[from.index];
  const moved: Opportunity = { ...card, stage_id: stageId, probability: board.columns[to].stage.probability };
  return {
    ...board,
    columns: board.columns.map((column, i) => (i === from.column ? withoutCard(column, card) : i === to ? withCard(column, moved) : column)),
  };
}

/** The board with a card replaced by the server's answer (its new version), wherever it is. */
export function replaceCard(board: Pipeline, updated: Opportunity): Pipeline {
  const at = findCard(board, updated.id);
  if (!at) return board;
  return {
    ...board,
    columns: board.columns.map((column, i) => (i === at.column ? { ...column, cards: column.cards.map((c) => (c.id === updated.id ? updated : c)) } : column)),
  };
}

/** The board without a card that left the pipeline (won or lost): its column's count and sum drop. */
export function removeCard(board: Pipeline, id: number): Pipeline {
  const at = findCard(board, id);
  if (!at) return board;
  const card = board.columns[at.column].cards[at.index];
  return { ...board, columns: board.columns.map((column, i) => (i === at.column ? withoutCard(column, card) : column)) };
}

/** Whether a dragged card may drop on a column: an open card, onto another stage. */
export function canDrop(board: Pipeline, id: number, stageId: number): boolean {
  const at = findCard(board, id);
  if (!at) return false;
  const card = board.columns[at.column].cards[at.index];
  return card.state === 'open' && card.stage_id !== stageId && board.columns.some((c) => c.stage.id === stageId);
}

// ---------------------------------------------------------------------------------------------
// The forecast

export interface ForecastFigures {
  pipeline: string;
  weighted: string;
  committed: string;
  won: string;
  /** null when no month of the group has a quota. */
  quota: string | null;
  attainment_percent: string | null;
}

export interface ForecastTableRow extends ForecastFigures {
  key: string;
  /** The owner's or team's name, from `nameOf`. */
  group: string;
  group_id: number;
  /** Set on a month row; a group's row sums its months. */
  month: string | null;
  children?: ForecastTableRow[];
}

/** won ÷ quota in percent, one decimal, half up (as the server computes it); null without a quota. */
export function attainmentPercent(won: string, quota: string | null): string | null {
  if (quota === null) return null;
  const w = parseDecimal(won);
  const q = parseDecimal(quota);
  if (!w || !q || q.units === 0n) return null;
  const scale = Math.max(w.scale, q.scale);
  const wonUnits = w.units * 10n ** BigInt(scale - w.scale);
  const quotaUnits = q.units * 10n ** BigInt(scale - q.scale);
  // Per mille, half away from zero: (2·1000·won + quota) ÷ (2·quota) for positive figures.
  const negative = (wonUnits < 0n) !== (quotaUnits < 0n);
  const a = wonUnits < 0n ? -wonUnits : wonUnits;
  const b = quotaUnits < 0n ? -quotaUnits : quotaUnits;
  const perMille = (a * 2000n + b) / (2n * b);
  return `${negative && perMille !== 0n ? '-' : ''}${perMille / 10n}.${perMille % 10n}`;
}

function totals(rows: ForecastRow[]): ForecastFigures {
  const quotas = rows.map((r) => r.quota).filter((q): q is string => q !== null);
  const quota = quotas.length > 0 ? sumDecimals(quotas) : null;
  const won = sumDecimals(rows.map((r) => r.won));
  return {
    pipeline: sumDecimals(rows.map((r) => r.pipeline)),
    weighted: sumDecimals(rows.map((r) => r.weighted)),
    committed: sumDecimals(rows.map((r) => r.committed)),
    won,
    quota,
    attainment_percent: attainmentPercent(won, quota),
  };
}

/**
 * The forecast table: one row per group (owner or team) with its sums over the months, its
 * months as children in calendar order; groups by name. The server names only the kind of group
 * and its id, so `nameOf` names the owner or team. The server's figures for each month are kept
 * as they came.
 */
export function forecastTable(rows: ForecastRow[], nameOf: (groupId: number) => string = (id) => `#${id}`): ForecastTableRow[] {
  const groups = new Map<number, ForecastRow[]>();
  for (const row of rows) groups.set(row.group_id, [...(groups.get(row.group_id) ?? []), row]);
  return [...groups.entries()]
    .map(([groupId, list]) => {
      const months = [...list].sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
      return {
        key: `g${groupId}`,
        group: nameOf(groupId),
        group_id: groupId,
        month: null,
        ...totals(list),
        children: months.map((m) => ({
          key: `g${groupId}-${m.month}`, group: nameOf(groupId), group_id: groupId, month: m.month,
          pipeline: m.pipeline, weighted: m.weighted, committed: m.committed, won: m.won, quota: m.quota, attainment_percent: m.attainment_percent,
        })),
      };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.group_id - b.group_id);
}

/** The grand total over every group and month. */
export function forecastTotal(rows: ForecastRow[]): ForecastFigures {
  return totals(rows);
}

/** "2026-01" … "2026-03": every month from `from` to `to`, both included (empty when reversed). */
export function monthsBetween(from: string, to: string): string[] {
  const parse = (m: string) => {
    const match = /^(\d{4})-(\d{2})$/.exec(m);
    return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
  };
  const a = parse(from);
  const b = parse(to);
  if (a === null || b === null || b < a) return [];
  const out: string[] = [];
  for (let m = a; m <= b; m++) out.push(`${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`);
  return out;
}

export const FORECAST_MEASURES = ['pipeline', 'weighted', 'committed', 'won', 'quota'] as const;
export type ForecastMeasure = (typeof FORECAST_MEASURES)[number];

/**
 * The chart's series: per month of the range, each measure summed over the groups, as exact
 * decimal strings (the chart turns them into numbers only to draw bars).
 */
export function forecastSeries(rows: ForecastRow[], from: string, to: string): { months: string[]; series: Record<ForecastMeasure, string[]> } {
  const months = monthsBetween(from, to);
  const series = Object.fromEntries(FORECAST_MEASURES.map((m) => [m, months.map(() => '0')])) as Record<ForecastMeasure, string[]>;
  for (const row of rows) {
    const i = months.indexOf(row.month);
    if (i < 0) continue;
    for (const measure of FORECAST_MEASURES) {
      const value = row[measure];
      if (value !== null) series[measure][i] = addDecimal(series[measure][i], value);
    }
  }
  return { months, series };
}

/** Whether the attainment is at or above 100 %. */
export function attained(percent: string | null): boolean {
  return percent !== null && compareDecimal(percent, '100') >= 0;
}

// ---------------------------------------------------------------------------------------------
// Request bodies

export interface LeadFormValues {
  contact_name?: string;
  company_name?: string;
  email?: string;
  phone?: string;
  website?: string;
  country?: string;
  employees?: string | number | null;
  message?: string;
  source?: string;
  campaign_id?: number | null;
}

/** The POST /leads body from the capture form: trimmed text, empty fields left out. */
export function leadBody(values: LeadFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of ['contact_name', 'company_name', 'email', 'phone', 'website', 'message', 'source'] as const) {
    const text = (values[key] ?? '').trim();
    if (text) body[key] = text;
  }
  const country = (values.country ?? '').trim().toUpperCase();
  if (country) body.country = country;
  const employees = String(values.employees ?? '').trim();
  if (/^\d+$/.test(employees)) body.employees = Number(employees);
  if (values.campaign_id) body.campaign_id = values.campaign_id;
  return body;
}

/** A meeting's start and end as the API takes them ("2026-03-01T09:30:00Z"), from local date and time. */
export function toInstant(value: Date): string {
  return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
