// The pipeline kanban: one column per stage with its count, expected and weighted sums; cards
// dragged between columns (HTML5 drag and drop, or the card's "Move to" menu from the keyboard)
// call /move with the card's version; won and lost from the card or its drawer. Columns follow
// the page's direction, so in Persian and Hebrew the first stage is on the right.
import {
  Button, Card, Descriptions, Drawer, Dropdown, Empty, Form, Input, Modal, Select, Skeleton, Space, Statistic, Switch, Tooltip, Typography,
} from 'antd';
import { CheckOutlined, CloseOutlined, MoreOutlined, PlusOutlined, ReloadOutlined, UndoOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { KeelDatePicker } from '../../components/DatePicker';
import { dayjs, toIsoDate } from '../../lib/dates';
import { toLatinDigits } from '../../lib/format';
import { can } from '../../lib/navigation';
import { useApiError } from '../../shell/errors';
import { Link, navigate } from '../../shell/router';
import { useSession } from '../../shell/session';
import { PartnerSelect } from '../accounting/common';
import { usePartnerNames } from '../accounting/finance/shared';
import { CRM, useStages, useUserNames } from './api';
import { canDrop, findCard, moveCard, removeCard, replaceCard, type Opportunity, type Pipeline, type PipelineColumn, type Team } from './model';
import { OpportunityStateTag, OwnerName, ProblemAlert, command } from './shared';
import { Timeline } from './timeline';

const DRAG_TYPE = 'application/x-keel-opportunity';

export function PipelinePage({ opportunity }: { opportunity: number | null }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const showError = useApiError();
  const [board, setBoard] = useState<Pipeline | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [mine, setMine] = useState(false);
  const [teamId, setTeamId] = useState<number | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [losing, setLosing] = useState<Opportunity | null>(null);
  const [creating, setCreating] = useState(false);
  const mayWrite = can(user?.permissions, 'crm.opportunity.write');
  const names = useUserNames();
  const partnerIds = useMemo(() => (board?.columns ?? []).flatMap((c) => c.cards.map((o) => o.partner_id ?? 0)).filter(Boolean), [board]);
  const partners = usePartnerNames(partnerIds);
  // A reload answered after a later change would show the board as it was: only the newest counts.
  const generation = useRef(0);

  const load = useCallback(async (quiet = false) => {
    const mine_ = ++generation.current;
    try {
      const answer = await api.get<Pipeline>(CRM.pipeline, { cards: 100, owner_id: mine ? user?.id : undefined, team_id: teamId ?? undefined });
      if (mine_ === generation.current) setBoard(answer);
    } catch (error) {
      if (mine_ === generation.current && !quiet) showError(error);
    }
  }, [mine, teamId, user?.id, showError]);

  useEffect(() => { void load(); }, [load]);
  useEffect(() => { api.get<{ items: Team[] }>(CRM.teams).then((r) => setTeams(r.items)).catch(() => setTeams([])); }, []);

  const reload = () => { setProblem(null); void load(); };

  const move = async (id: number, stageId: number) => {
    if (!board || !canDrop(board, id, stageId)) return;
    const at = findCard(board, id)!;
    const card = board.columns[at.column].cards[at.index];
    const before = board;
    generation.current++;
    setProblem(null);
    setBoard(moveCard(board, id, stageId));
    try {
      const updated = await command<Opportunity>(CRM.opportunityAction(id, 'move'), { version: card.version, stage_id: stageId });
      setBoard((b) => (b ? replaceCard(b, updated) : b));
      void load(true); // the server's weighted sums
    } catch (error) {
      setBoard(before);
      setProblem(error);
    }
  };

  const close = async (card: Opportunity, action: 'win' | 'lose', reason?: string) => {
    generation.current++;
    setProblem(null);
    try {
      await command<Opportunity>(CRM.opportunityAction(card.id, action), action === 'lose' ? { version: card.version, reason } : { version: card.version });
      setBoard((b) => (b ? removeCard(b, card.id) : b));
      void load(true);
      return true;
    } catch (error) {
      setProblem(error);
      return false;
    }
  };

  const onDragStart = (event: DragEvent, card: Opportunity) => {
    event.dataTransfer.setData(DRAG_TYPE, String(card.id));
    event.dataTransfer.setData('text/plain', card.title);
    event.dataTransfer.effectAllowed = 'move';
    setDragging(card.id);
  };
  const onDragOver = (event: DragEvent, column: PipelineColumn) => {
    if (dragging === null || !board || !canDrop(board, dragging, column.stage.id)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    if (over !== column.stage.id) setOver(column.stage.id);
  };
  const onDrop = (event: DragEvent, column: PipelineColumn) => {
    event.preventDefault();
    const id = Number(event.dataTransfer.getData(DRAG_TYPE)) || dragging;
    setDragging(null);
    setOver(null);
    if (id) void move(id, column.stage.id);
  };

  return (
    <div data-testid="pipeline">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('crm.pipeline.title')}</Typography.Title>
        <Space wrap>
          <Space>
            <Switch id="pipeline-mine" checked={mine} onChange={setMine} data-testid="pipeline-mine" />
            <label htmlFor="pipeline-mine">{t('crm.pipeline.onlyMine')}</label>
          </Space>
          {teams.length > 0 && (
            <Select<number> aria-label={t('crm.fields.team')} placeholder={t('crm.fields.team')} allowClear style={{ width: 180 }} value={teamId ?? undefined}
              onChange={(v) => setTeamId(v ?? null)} options={teams.map((team) => ({ value: team.id, label: team.name }))} data-testid="pipeline-team" />
          )}
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="pipeline-reload">{t('common.reload')}</Button>
          {mayWrite && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-opportunity">{t('crm.pipeline.new')}</Button>}
        </Space>
      </div>
      {problem !== null && <ProblemAlert error={problem} onReload={reload} testId="pipeline-problem" />}
      {!board ? <Skeleton active paragraph={{ rows: 6 }} /> : (
        <>
          <Card size="small" style={{ marginBottom: 16 }} data-testid="pipeline-totals">
            <Space size={40} wrap>
              <Statistic title={t('crm.pipeline.expected')} value={board.expected} formatter={() => <bdi className="keel-amount" data-testid="pipeline-expected">{format.money(board.expected, board.currency)}</bdi>} />
              <Statistic title={t('crm.pipeline.weighted')} value={board.weighted} formatter={() => <bdi className="keel-amount" data-testid="pipeline-weighted">{format.money(board.weighted, board.currency)}</bdi>} />
              <Statistic title={t('crm.pipeline.won', { n: format.count(board.won_count) })} value={board.won}
                formatter={() => <bdi className="keel-amount" data-testid="pipeline-won">{format.money(board.won, board.currency)}</bdi>} />
              <Statistic title={t('crm.pipeline.lost')} value={board.lost_count} formatter={() => <span data-testid="pipeline-lost">{format.count(board.lost_count)}</span>} />
              <Statistic title={t('crm.pipeline.winRate')} value={board.win_rate_percent ?? ''}
                formatter={() => <span data-testid="pipeline-win-rate">{board.win_rate_percent === null ? '—' : `${format.decimal(board.win_rate_percent)} %`}</span>} />
            </Space>
          </Card>
          {board.columns.length === 0 ? <Empty description={t('crm.pipeline.noStages')} /> : (
            <div className="keel-kanban" data-testid="kanban">
              {board.columns.map((column) => (
                <section
                  key={column.stage.id}
                  className={`keel-kanban-column${over === column.stage.id ? ' keel-kanban-over' : ''}`}
                  aria-label={column.stage.name}
                  data-testid="kanban-column" data-stage={column.stage.id} data-stage-name={column.stage.name}
                  onDragOver={(e) => onDragOver(e, column)}
                  onDragLeave={() => setOver((o) => (o === column.stage.id ? null : o))}
                  onDrop={(e) => onDrop(e, column)}
                >
                  <header className="keel-kanban-head">
                    <div className="keel-kanban-title">
                      <Typography.Text strong ellipsis><bdi>{column.stage.name}</bdi></Typography.Text>
                      <span className="keel-kanban-count" data-testid="column-count">{format.count(column.count)}</span>
                    </div>
                    <div className="keel-kanban-sums">
                      <Tooltip title={t('crm.pipeline.expected')}><bdi className="keel-amount" data-testid="column-expected">{format.money(column.expected, board.currency)}</bdi></Tooltip>
                      <Tooltip title={t('crm.pipeline.weightedAt', { n: format.count(column.stage.probability) })}>
                        <Typography.Text type="secondary" className={column.stale ? 'keel-stale' : undefined}>
                          <bdi className="keel-amount" data-testid="column-weighted">{format.money(column.weighted, board.currency)}</bdi>
                        </Typography.Text>
                      </Tooltip>
                    </div>
                  </header>
                  <div className="keel-kanban-cards">
                    {column.cards.map((card) => (
                      <OpportunityCard key={card.id} card={card} partner={card.partner_id ? partners[card.partner_id] : undefined} names={names}
                        stages={board.columns.map((c) => c.stage)} mayWrite={mayWrite} dragging={dragging === card.id}
                        onDragStart={(e) => onDragStart(e, card)} onDragEnd={() => { setDragging(null); setOver(null); }}
                        onMove={(stageId) => void move(card.id, stageId)} onWin={() => void close(card, 'win')} onLose={() => setLosing(card)} />
                    ))}
                    {column.count > column.cards.length && (
                      <Typography.Text type="secondary" className="keel-kanban-more">{t('crm.pipeline.more', { n: format.count(column.count - column.cards.length) })}</Typography.Text>
                    )}
                    {column.count === 0 && <Typography.Text type="secondary" className="keel-kanban-more">{t('crm.pipeline.dropHere')}</Typography.Text>}
                  </div>
                </section>
              ))}
            </div>
          )}
        </>
      )}
      <LoseDialog card={losing} onCancel={() => setLosing(null)} onLose={async (reason) => { if (losing && await close(losing, 'lose', reason)) setLosing(null); }} />
      {creating && <NewOpportunityDialog onCancel={() => setCreating(false)} onCreated={() => { setCreating(false); void load(); }} />}
      {opportunity !== null && (
        <OpportunityDrawer id={opportunity} names={names} onClose={() => navigate('/crm/pipeline')} onChanged={() => void load(true)} />
      )}
    </div>
  );
}

function OpportunityCard({ card, partner, names, stages, mayWrite, dragging, onDragStart, onDragEnd, onMove, onWin, onLose }: {
  card: Opportunity; partner?: string; names: Record<number, string>; stages: { id: number; name: string }[]; mayWrite: boolean; dragging: boolean;
  onDragStart: (e: DragEvent) => void; onDragEnd: () => void; onMove: (stageId: number) => void; onWin: () => void; onLose: () => void;
}) {
  const { t } = useTranslation();
  const { format } = useSession();
  const late = card.close_date < dayjs().format('YYYY-MM-DD');
  return (
    <article
      className={`keel-kanban-card${dragging ? ' keel-kanban-dragging' : ''}`}
      draggable={mayWrite}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      data-testid="kanban-card" data-id={card.id} data-version={card.version}
      aria-label={card.title}
    >
      <div className="keel-kanban-card-title">
        <Link to={`/crm/pipeline?opportunity=${card.id}`} data-testid="card-link"><bdi>{card.title}</bdi></Link>
        {mayWrite && (
          <Dropdown trigger={['click']} menu={{
            items: [
              { key: 'move', type: 'group', label: t('crm.pipeline.moveTo'), children: stages.filter((s) => s.id !== card.stage_id).map((s) => ({ key: `move-${s.id}`, label: <bdi>{s.name}</bdi>, onClick: () => onMove(s.id) })) },
              { type: 'divider' },
              { key: 'win', icon: <CheckOutlined />, label: t('crm.pipeline.markWon'), onClick: onWin },
              { key: 'lose', icon: <CloseOutlined />, label: t('crm.pipeline.markLost'), onClick: onLose, danger: true },
            ],
          }}>
            <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('crm.pipeline.cardActions', { title: card.title })} data-testid="card-menu" />
          </Dropdown>
        )}
      </div>
      {partner && <Typography.Text type="secondary" ellipsis className="keel-kanban-partner"><bdi>{partner}</bdi></Typography.Text>}
      <div className="keel-kanban-card-row">
        <bdi className="keel-amount" data-testid="card-amount">{format.money(card.expected_revenue, card.currency)}</bdi>
        <Typography.Text type={late ? 'danger' : 'secondary'} style={{ fontSize: 12 }} data-testid="card-close-date">{format.date(card.close_date)}</Typography.Text>
      </div>
      <div className="keel-kanban-card-row">
        <Typography.Text type="secondary" style={{ fontSize: 12 }}><OwnerName id={card.owner_id} names={names} /></Typography.Text>
        {mayWrite && (
          <Space size={4}>
            <Tooltip title={t('crm.pipeline.markWon')}>
              <Button size="small" type="text" icon={<CheckOutlined />} onClick={onWin} aria-label={t('crm.pipeline.markWonOf', { title: card.title })} data-testid="card-win" />
            </Tooltip>
            <Tooltip title={t('crm.pipeline.markLost')}>
              <Button size="small" type="text" danger icon={<CloseOutlined />} onClick={onLose} aria-label={t('crm.pipeline.markLostOf', { title: card.title })} data-testid="card-lose" />
            </Tooltip>
          </Space>
        )}
      </div>
    </article>
  );
}

function LoseDialog({ card, onCancel, onLose }: { card: Opportunity | null; onCancel: () => void; onLose: (reason: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (card) form.resetFields(); }, [card, form]);
  return (
    <Modal open={card !== null} title={t('crm.pipeline.loseTitle', { title: card?.title ?? '' })} onCancel={onCancel} okText={t('crm.pipeline.markLost')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'lose-confirm' } as never} cancelText={t('common.cancel')} destroyOnHidden
      onOk={() => form.validateFields().then(async (v) => { setBusy(true); try { await onLose(v.reason.trim()); } finally { setBusy(false); } })}>
      <Form form={form} layout="vertical" name="lose">
        <Form.Item name="reason" label={t('crm.fields.lostReason')} rules={[{ required: true, whitespace: true, message: t('crm.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={300} dir="auto" data-testid="lose-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface OpportunityFormValues {
  title: string;
  partner_id?: number | null;
  stage_id?: number;
  expected_revenue?: string;
  close_date?: Dayjs | null;
}

function NewOpportunityDialog({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OpportunityFormValues>();
  const stages = useStages();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const submit = async (v: OpportunityFormValues) => {
    setBusy(true);
    try {
      await command(CRM.opportunities, {
        title: v.title.trim(), partner_id: v.partner_id ?? undefined, stage_id: v.stage_id,
        expected_revenue: v.expected_revenue ? toLatinDigits(v.expected_revenue.trim()) : undefined,
        close_date: v.close_date ? toIsoDate(v.close_date) : undefined,
      });
      onCreated();
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('crm.pipeline.new')} onCancel={onCancel} okText={t('common.create')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'opportunity-create' } as never} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" name="opportunity" onFinish={submit} initialValues={{ stage_id: stages[0]?.id }}>
        <Form.Item name="title" label={t('crm.fields.title')} rules={[{ required: true, whitespace: true, message: t('crm.titleRequired') }]}>
          <Input maxLength={300} dir="auto" data-testid="opportunity-title" />
        </Form.Item>
        <Form.Item name="partner_id" label={t('crm.fields.partner')}>
          <PartnerSelect placeholder={t('crm.fields.partner')} />
        </Form.Item>
        <Form.Item name="stage_id" label={t('crm.fields.stage')}>
          <Select<number> options={stages.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
        <Form.Item name="expected_revenue" label={t('crm.fields.expectedRevenue')}>
          <Input inputMode="decimal" className="keel-mono" data-testid="opportunity-revenue" />
        </Form.Item>
        <Form.Item name="close_date" label={t('crm.fields.closeDate')}>
          <KeelDatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OpportunityDrawer({ id, names, onClose, onChanged }: { id: number; names: Record<number, string>; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const stages = useStages();
  const [opportunity, setOpportunity] = useState<Opportunity | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [losing, setLosing] = useState(false);
  const partners = usePartnerNames(opportunity?.partner_id ? [opportunity.partner_id] : []);
  const mayWrite = can(user?.permissions, 'crm.opportunity.write');
  const load = useCallback(() => {
    setProblem(null);
    api.get<Opportunity>(CRM.opportunity(id)).then(setOpportunity).catch(setProblem);
  }, [id]);
  useEffect(load, [load]);

  const act = async (action: 'win' | 'lose' | 'reopen', reason?: string) => {
    if (!opportunity) return;
    setProblem(null);
    try {
      setOpportunity(await command<Opportunity>(CRM.opportunityAction(id, action), action === 'lose' ? { version: opportunity.version, reason } : { version: opportunity.version }));
      onChanged();
    } catch (error) {
      setProblem(error);
    }
  };

  return (
    <Drawer open onClose={onClose} width={560} title={opportunity ? <bdi>{opportunity.title}</bdi> : t('crm.pipeline.opportunity')}
      extra={opportunity && mayWrite && (
        <Space>
          {opportunity.state === 'open' && <Button type="primary" icon={<CheckOutlined />} onClick={() => void act('win')} data-testid="drawer-win">{t('crm.pipeline.markWon')}</Button>}
          {opportunity.state === 'open' && <Button danger icon={<CloseOutlined />} onClick={() => setLosing(true)} data-testid="drawer-lose">{t('crm.pipeline.markLost')}</Button>}
          {opportunity.state === 'lost' && <Button icon={<UndoOutlined />} onClick={() => void act('reopen')} data-testid="drawer-reopen">{t('crm.pipeline.reopen')}</Button>}
        </Space>
      )}>
      <div data-testid="opportunity-drawer">
      {problem !== null && <ProblemAlert error={problem} onReload={load} />}
      {!opportunity ? <Skeleton active /> : (
        <>
          <Descriptions column={1} size="small" bordered data-testid="opportunity-details" data-state={opportunity.state}>
            <Descriptions.Item label={t('crm.fields.state')}><OpportunityStateTag state={opportunity.state} testId="opportunity-state" /></Descriptions.Item>
            <Descriptions.Item label={t('crm.fields.partner')}>
              {opportunity.partner_id ? <Link to={`/partners/${opportunity.partner_id}`}><bdi>{partners[opportunity.partner_id] ?? `#${opportunity.partner_id}`}</bdi></Link> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('crm.fields.stage')}><bdi>{stages.find((s) => s.id === opportunity.stage_id)?.name ?? ''}</bdi></Descriptions.Item>
            <Descriptions.Item label={t('crm.fields.expectedRevenue')}><bdi className="keel-amount">{format.money(opportunity.expected_revenue, opportunity.currency)}</bdi></Descriptions.Item>
            <Descriptions.Item label={t('crm.fields.probability')}>{format.count(opportunity.probability)} %</Descriptions.Item>
            <Descriptions.Item label={t('crm.fields.closeDate')}>{format.date(opportunity.close_date)}</Descriptions.Item>
            <Descriptions.Item label={t('crm.fields.owner')}><OwnerName id={opportunity.owner_id} names={names} /></Descriptions.Item>
            {opportunity.lead_id && <Descriptions.Item label={t('crm.fields.lead')}><Link to={`/crm/leads/${opportunity.lead_id}`}>#{format.count(opportunity.lead_id)}</Link></Descriptions.Item>}
            {opportunity.quote_id && <Descriptions.Item label={t('crm.fields.quote')}><Link to={`/sales/quotes/${opportunity.quote_id}`}>#{format.count(opportunity.quote_id)}</Link></Descriptions.Item>}
            {opportunity.state === 'lost' && <Descriptions.Item label={t('crm.fields.lostReason')}><bdi>{opportunity.lost_reason}</bdi></Descriptions.Item>}
            {opportunity.closed_at && <Descriptions.Item label={t('crm.fields.closedAt')}>{format.dateTime(opportunity.closed_at)}</Descriptions.Item>}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 24 }}>{t('crm.timeline.title')}</Typography.Title>
          <Timeline target={{ opportunity_id: opportunity.id }} />
        </>
      )}
      </div>
      <LoseDialog card={losing ? opportunity : null} onCancel={() => setLosing(false)} onLose={async (reason) => { await act('lose', reason); setLosing(false); }} />
    </Drawer>
  );
}
