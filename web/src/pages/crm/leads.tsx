// Leads: the list with state and search filters, the capture drawer that shows the duplicates
// the server finds, and the lead with qualify / convert / disqualify and its timeline.
import {
  Alert, App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Input, Modal, Radio, Row, Select, Skeleton, Space, Tag, Typography,
} from 'antd';
import { CheckOutlined, PlusOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { KeelDatePicker } from '../../components/DatePicker';
import { countryName } from '../../lib/countries';
import { toIsoDate } from '../../lib/dates';
import { toLatinDigits } from '../../lib/format';
import { can } from '../../lib/navigation';
import { useApiError } from '../../shell/errors';
import { Link, navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { PartnerSelect } from '../accounting/common';
import { usePartnerNames } from '../accounting/finance/shared';
import { PagedTable } from '../sales/shared';
import { CRM, useCampaigns, useStages, useUserNames } from './api';
import { LEAD_SOURCES, LEAD_STATES, leadBody, type ConvertAnswer, type Duplicate, type Lead, type LeadFormValues } from './model';
import { LeadStateTag, OwnerName, ProblemAlert, command } from './shared';
import { Timeline } from './timeline';

export function LeadListPage({ capture }: { capture: boolean }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { query } = useLocation();
  const state = query.get('state') ?? '';
  const q = query.get('q') ?? '';
  const [generation, setGeneration] = useState(0);
  const names = useUserNames();
  const apply = (next: Record<string, string>, base = '/crm/leads') => {
    const qs = new URLSearchParams(Object.entries({ state, q, ...next }).filter(([, v]) => v)).toString();
    navigate(base + (qs ? '?' + qs : ''), { replace: true });
  };
  return (
    <div data-testid="lead-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('crm.leads.title')}</Typography.Title>
        {can(user?.permissions, 'crm.lead.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => apply({}, '/crm/leads/new')} data-testid="new-lead">{t('crm.leads.capture')}</Button>
        )}
      </div>
      <Form layout="vertical" className="keel-filters" name="lead-filters">
        <Form.Item label={t('crm.fields.state')} htmlFor="lead-filter-state">
          <Select id="lead-filter-state" style={{ width: 180 }} value={state} onChange={(v) => apply({ state: v })} data-testid="lead-filter-state"
            options={[{ value: '', label: t('common.all') }, ...LEAD_STATES.map((s) => ({ value: s, label: t(`crm.leadState.${s}`) }))]} />
        </Form.Item>
        <Form.Item label={t('common.search')} htmlFor="lead-filter-q">
          <Input.Search id="lead-filter-q" style={{ width: 280 }} defaultValue={q} allowClear placeholder={t('crm.leads.searchPlaceholder')}
            onSearch={(v) => apply({ q: v.trim() })} data-testid="lead-search" />
        </Form.Item>
      </Form>
      <PagedTable<Lead>
        key={generation}
        path={CRM.leads} query={{ state: state || undefined, q: q || undefined }} testId="lead-table" rowTestId="lead-row"
        columns={[
          { title: t('crm.fields.contact'), key: 'n', render: (_: unknown, l) => <Link to={`/crm/leads/${l.id}`} data-testid="lead-link"><bdi>{l.contact_name}</bdi></Link> },
          { title: t('crm.fields.company'), key: 'c', render: (_: unknown, l) => <bdi>{l.company_name}</bdi> },
          { title: t('crm.fields.email'), key: 'e', render: (_: unknown, l) => <bdi dir="ltr">{l.email}</bdi> },
          { title: t('crm.fields.score'), key: 's', align: 'end' as const, render: (_: unknown, l) => <span className="keel-amount" data-testid="lead-score">{format.count(l.score)}</span> },
          { title: t('crm.fields.source'), key: 'src', render: (_: unknown, l) => t(`crm.source.${l.source}`, { defaultValue: l.source }) },
          { title: t('crm.fields.owner'), key: 'o', render: (_: unknown, l) => <OwnerName id={l.owner_id} names={names} /> },
          { title: t('crm.fields.created'), key: 'd', render: (_: unknown, l) => format.date(l.created_at) },
          { title: t('crm.fields.state'), key: 'st', render: (_: unknown, l) => <LeadStateTag state={l.state} testId="lead-state" /> },
        ]}
      />
      <CaptureDrawer open={capture} onClose={() => apply({})} onCaptured={() => setGeneration((g) => g + 1)} />
    </div>
  );
}

function DuplicateList({ duplicates }: { duplicates: Duplicate[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning" showIcon data-testid="lead-duplicates" style={{ marginBottom: 16 }}
      message={t('crm.leads.duplicatesTitle', { count: duplicates.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {duplicates.map((d) => (
            <li key={`${d.kind}-${d.id}-${d.match}`} data-testid="lead-duplicate" data-kind={d.kind}>
              <Tag>{t(`crm.leads.duplicateKind.${d.kind}`)}</Tag>
              <Link to={d.kind === 'partner' ? `/partners/${d.id}` : `/crm/leads/${d.id}`}><bdi>{d.name}</bdi></Link>
              {' — '}{t(`crm.leads.match.${d.match}`, { defaultValue: d.match })}
            </li>
          ))}
        </ul>
      }
    />
  );
}

function CaptureDrawer({ open, onClose, onCaptured }: { open: boolean; onClose: () => void; onCaptured: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LeadFormValues>();
  const campaigns = useCampaigns();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const [captured, setCaptured] = useState<Lead | null>(null);
  useEffect(() => { if (open) { setCaptured(null); form.resetFields(); } }, [open, form]);
  const submit = async (values: LeadFormValues) => {
    setBusy(true);
    try {
      const lead = await command<Lead>(CRM.leads, leadBody(values));
      setCaptured(lead);
      onCaptured();
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open={open} onClose={onClose} width={520} title={t('crm.leads.capture')} destroyOnHidden>
      <div data-testid="lead-capture">
        {captured ? (
          <>
            <Alert type="success" showIcon style={{ marginBottom: 16 }} data-testid="lead-captured"
              message={t('crm.leads.captured', { name: captured.contact_name })}
              description={<Link to={`/crm/leads/${captured.id}`} data-testid="captured-link">{t('crm.leads.openLead')}</Link>} />
            {(captured.duplicates?.length ?? 0) > 0 && <DuplicateList duplicates={captured.duplicates!} />}
            <Space>
              <Button type="primary" onClick={() => { setCaptured(null); form.resetFields(); }} data-testid="capture-another">{t('crm.leads.captureAnother')}</Button>
              <Button onClick={onClose} data-testid="capture-close">{t('common.close')}</Button>
            </Space>
          </>
        ) : (
          <Form<LeadFormValues> form={form} layout="vertical" name="lead" onFinish={submit} initialValues={{ source: 'phone' }}>
            <Form.Item name="contact_name" label={t('crm.fields.contact')} rules={[{ required: true, whitespace: true, message: t('crm.contactRequired') }]}>
              <Input maxLength={300} dir="auto" autoFocus data-testid="lead-contact" />
            </Form.Item>
            <Form.Item name="company_name" label={t('crm.fields.company')}>
              <Input maxLength={300} dir="auto" data-testid="lead-company" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="email" label={t('crm.fields.email')}>
                  <Input type="email" maxLength={254} dir="ltr" className="keel-ltr-input" data-testid="lead-email" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="phone" label={t('crm.fields.phone')}>
                  <Input maxLength={50} dir="ltr" className="keel-ltr-input" data-testid="lead-phone" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="website" label={t('crm.fields.website')}>
              <Input maxLength={300} dir="ltr" className="keel-ltr-input" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="country" label={t('crm.fields.country')}>
                  <Input maxLength={2} style={{ textTransform: 'uppercase' }} dir="ltr" className="keel-ltr-input" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="employees" label={t('crm.fields.employees')} normalize={(v: string) => toLatinDigits(v ?? '')}
                  rules={[{ pattern: /^\d*$/, message: t('crm.wholeNumber') }]}>
                  <Input inputMode="numeric" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="source" label={t('crm.fields.source')}>
                  <Select options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`crm.source.${s}`) }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="campaign_id" label={t('crm.fields.campaign')}>
                  <Select allowClear options={campaigns.map((c) => ({ value: c.id, label: c.name }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="message" label={t('crm.fields.message')}>
              <Input.TextArea rows={3} maxLength={10000} dir="auto" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="lead-save">{t('crm.leads.save')}</Button>
          </Form>
        )}
      </div>
    </Drawer>
  );
}

export function LeadPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, format, settings } = useSession();
  const { message } = App.useApp();
  const [lead, setLead] = useState<Lead | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);
  const [dialog, setDialog] = useState<'convert' | 'disqualify' | null>(null);
  const names = useUserNames();
  const partners = usePartnerNames(lead?.partner_id ? [lead.partner_id] : []);
  const mayWrite = can(user?.permissions, 'crm.lead.write');
  const load = useCallback(() => {
    setProblem(null);
    api.get<Lead>(CRM.lead(id)).then(setLead).catch((e) => { if (e?.status === 404) setMissing(true); else setProblem(e); });
  }, [id]);
  useEffect(load, [load]);

  const qualify = async () => {
    if (!lead) return;
    setProblem(null);
    try {
      const next = await command<Lead>(CRM.leadAction(id, 'qualify'), { version: lead.version });
      setLead({ ...next, duplicates: lead.duplicates });
      message.success(t('crm.leads.qualified'));
    } catch (error) {
      setProblem(error);
    }
  };

  if (missing) return <Empty description={t('crm.leads.notFound')} />;
  if (!lead) return problem ? <ProblemAlert error={problem} onReload={load} /> : <Skeleton active paragraph={{ rows: 8 }} />;
  const open = lead.state === 'new' || lead.state === 'qualified';

  return (
    <div data-testid="lead-page" data-state={lead.state}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi>{lead.contact_name}</bdi></Typography.Title>
          {lead.company_name && <Typography.Text type="secondary"><bdi>{lead.company_name}</bdi></Typography.Text>}
        </Space>
        <Space wrap>
          <LeadStateTag state={lead.state} testId="lead-state" />
          {mayWrite && lead.state === 'new' && <Button icon={<CheckOutlined />} onClick={() => void qualify()} data-testid="lead-qualify">{t('crm.leads.qualify')}</Button>}
          {mayWrite && open && <Button type="primary" icon={<SwapOutlined />} onClick={() => setDialog('convert')} data-testid="lead-convert">{t('crm.leads.convert')}</Button>}
          {mayWrite && open && <Button danger icon={<StopOutlined />} onClick={() => setDialog('disqualify')} data-testid="lead-disqualify">{t('crm.leads.disqualify')}</Button>}
        </Space>
      </div>
      {problem !== null && <ProblemAlert error={problem} onReload={load} />}
      {open && (lead.duplicates?.length ?? 0) > 0 && <DuplicateList duplicates={lead.duplicates!} />}
      {lead.state === 'converted' && (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} data-testid="lead-converted" message={t('crm.leads.convertedTo')}
          description={
            <Space wrap>
              {lead.partner_id && <Link to={`/partners/${lead.partner_id}`} data-testid="converted-partner"><bdi>{partners[lead.partner_id] ?? `#${lead.partner_id}`}</bdi></Link>}
              {lead.opportunity_id && <Link to={`/crm/pipeline?opportunity=${lead.opportunity_id}`} data-testid="converted-opportunity">{t('crm.leads.openOpportunity')}</Link>}
            </Space>
          } />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('crm.leads.details')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('crm.fields.score')}><span data-testid="lead-score">{format.count(lead.score)}</span></Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.email')}><bdi dir="ltr">{lead.email}</bdi></Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.phone')}><bdi dir="ltr">{lead.phone}</bdi></Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.website')}><bdi dir="ltr">{lead.website}</bdi></Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.country')}>{lead.country ? countryName(lead.country, settings.language) : ''}</Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.employees')}>{lead.employees === null ? '' : format.count(lead.employees)}</Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.source')}>{t(`crm.source.${lead.source}`, { defaultValue: lead.source })}</Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.owner')}><OwnerName id={lead.owner_id} names={names} /></Descriptions.Item>
              <Descriptions.Item label={t('crm.fields.created')}>{format.dateTime(lead.created_at)}</Descriptions.Item>
              {lead.state === 'disqualified' && <Descriptions.Item label={t('crm.fields.disqualifyReason')}><bdi>{lead.disqualify_reason}</bdi></Descriptions.Item>}
            </Descriptions>
            {lead.message && <Typography.Paragraph className="keel-activity-body" dir="auto" style={{ marginTop: 12 }}>{lead.message}</Typography.Paragraph>}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('crm.timeline.title')}>
            <Timeline target={{ lead_id: lead.id }} />
          </Card>
        </Col>
      </Row>
      {dialog === 'convert' && (
        <ConvertDialog lead={lead} onCancel={() => setDialog(null)}
          onConverted={(answer) => { setDialog(null); setLead(answer.lead); message.success(t(answer.partner_created ? 'crm.leads.convertedNew' : 'crm.leads.convertedExisting')); }}
          onProblem={(e) => { setDialog(null); setProblem(e); }} />
      )}
      {dialog === 'disqualify' && (
        <DisqualifyDialog lead={lead} onCancel={() => setDialog(null)} onDone={(next) => { setDialog(null); setLead(next); }} onProblem={(e) => { setDialog(null); setProblem(e); }} />
      )}
    </div>
  );
}

interface ConvertValues {
  partner: 'new' | 'existing';
  partner_id?: number | null;
  title?: string;
  expected_revenue?: string;
  close_date?: Dayjs | null;
  stage_id?: number;
}

function ConvertDialog({ lead, onCancel, onConverted, onProblem }: { lead: Lead; onCancel: () => void; onConverted: (a: ConvertAnswer) => void; onProblem: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ConvertValues>();
  const stages = useStages();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const partnerMatch = lead.duplicates?.find((d) => d.kind === 'partner');
  const choice = Form.useWatch('partner', form) ?? (partnerMatch ? 'existing' : 'new');
  const submit = async (v: ConvertValues) => {
    setBusy(true);
    try {
      const answer = await command<ConvertAnswer>(CRM.leadAction(lead.id, 'convert'), {
        version: lead.version,
        partner_id: v.partner === 'existing' ? v.partner_id ?? undefined : undefined,
        title: v.title?.trim() || undefined,
        expected_revenue: v.expected_revenue ? toLatinDigits(v.expected_revenue.trim()) : undefined,
        close_date: v.close_date ? toIsoDate(v.close_date) : undefined,
        stage_id: v.stage_id,
      });
      onConverted(answer);
    } catch (error) {
      if ((error as { status?: number })?.status === 409) onProblem(error);
      else showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('crm.leads.convertTitle', { name: lead.contact_name })} onCancel={onCancel} okText={t('crm.leads.convert')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, 'data-testid': 'convert-confirm' } as never} onOk={() => form.submit()}>
      <Form<ConvertValues> form={form} layout="vertical" name="convert" onFinish={submit}
        initialValues={{ partner: partnerMatch ? 'existing' : 'new', partner_id: partnerMatch?.id, title: lead.company_name || lead.contact_name }}>
        <Form.Item name="partner" label={t('crm.fields.partner')}>
          <Radio.Group options={[
            { value: 'new', label: <span data-testid="convert-new-partner">{t('crm.leads.newPartner', { name: lead.company_name || lead.contact_name })}</span> },
            { value: 'existing', label: <span data-testid="convert-existing-partner">{t('crm.leads.existingPartner')}</span> },
          ]} />
        </Form.Item>
        {choice === 'existing' && (
          <Form.Item name="partner_id" label={t('crm.leads.existingPartner')} rules={[{ required: true, message: t('crm.partnerRequired') }]}>
            <PartnerSelect initial={partnerMatch ? { id: partnerMatch.id, name: partnerMatch.name } : null} placeholder={t('crm.fields.partner')} data-testid="convert-partner" />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('crm.fields.title')}>
          <Input maxLength={300} dir="auto" data-testid="convert-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="expected_revenue" label={t('crm.fields.expectedRevenue')}>
              <Input inputMode="decimal" className="keel-mono" data-testid="convert-revenue" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="close_date" label={t('crm.fields.closeDate')}>
              <KeelDatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="stage_id" label={t('crm.fields.stage')}>
          <Select<number> allowClear placeholder={stages[0]?.name} options={stages.map((s) => ({ value: s.id, label: s.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DisqualifyDialog({ lead, onCancel, onDone, onProblem }: { lead: Lead; onCancel: () => void; onDone: (l: Lead) => void; onProblem: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    try {
      onDone(await command<Lead>(CRM.leadAction(lead.id, 'disqualify'), { version: lead.version, reason: reason.trim() }));
    } catch (error) {
      onProblem(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('crm.leads.disqualifyTitle', { name: lead.contact_name })} onCancel={onCancel} okText={t('crm.leads.disqualify')} cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'disqualify-confirm' } as never} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" name="disqualify" onFinish={submit}>
        <Form.Item name="reason" label={t('crm.fields.disqualifyReason')} rules={[{ required: true, whitespace: true, message: t('crm.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={300} dir="auto" data-testid="disqualify-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
