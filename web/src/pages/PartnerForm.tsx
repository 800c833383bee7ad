import {
  Alert, Button, Card, Col, Descriptions, Empty, Form, Input, List, Popconfirm, Radio, Row, Select, Skeleton, Space, Tabs, Tag, Typography, App,
} from 'antd';
import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { FormListFieldData } from 'antd/es/form/FormList';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { PARTY_ROLES, type Address, type DuplicateWarning, type Party } from '../api/types';
import { ActionKeys } from '../lib/idempotency';
import { can } from '../lib/navigation';
import { ApiError } from '../lib/problem';
import { LANGUAGES, isDecimalString, toLatinDigits } from '../lib/format';
import { useApiError } from '../shell/errors';
import { Link, navigate, useLocation } from '../shell/router';
import { useSession } from '../shell/session';
import { Customer360 } from './sales/Customer360';
import { Timeline } from './crm/timeline';

/** Warnings returned by a create, shown once on the page the create navigates to. */
const createdWarnings = new Map<number, DuplicateWarning[]>();

interface PartyForm {
  kind: 'organization' | 'person';
  name: string;
  parent_id?: number | null;
  roles: string[];
  emails: string[];
  phones: string[];
  websites: string[];
  addresses: Address[];
  tags: string[];
  language?: string | null;
  currency?: string | null;
  tax_id?: string | null;
  notes?: string | null;
  payment_terms?: string | null;
  credit_limit?: string | null;
}

const EMPTY: PartyForm = { kind: 'organization', name: '', roles: [], emails: [], phones: [], websites: [], addresses: [], tags: [] };

function toForm(party: Party): PartyForm {
  return {
    kind: party.kind, name: party.name, parent_id: party.parent_id ?? null, roles: party.roles ?? [], emails: party.emails ?? [],
    phones: party.phones ?? [], websites: party.websites ?? [], addresses: party.addresses ?? [], tags: party.tags ?? [],
    language: party.language ?? null, currency: party.currency ?? null, tax_id: party.tax_id ?? null, notes: party.notes ?? null,
    payment_terms: party.payment_terms ?? null, credit_limit: party.credit_limit ?? null,
  };
}

/**
 * The request body. Optional text fields the user left empty are left out on create; on
 * update an emptied field is sent as "" so the server clears it (the API's strings are not
 * nullable, credit_limit is).
 */
export function clean(values: PartyForm, creditWrite: boolean, original?: Party | null): Record<string, unknown> {
  const list = (v: string[] | undefined) => (v ?? []).map((s) => (s ?? '').trim()).filter(Boolean);
  const body: Record<string, unknown> = {
    kind: values.kind, name: values.name?.trim(), roles: values.roles ?? [], emails: list(values.emails), phones: list(values.phones),
    websites: list(values.websites), tags: list(values.tags),
    addresses: (values.addresses ?? []).map((a) => Object.fromEntries(
      Object.entries(a).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]))),
  };
  const text = (key: 'language' | 'currency' | 'tax_id' | 'notes' | 'payment_terms', transform = (v: string) => v) => {
    const value = (values[key] ?? '').trim();
    if (value) body[key] = transform(value);
    else if (original && original[key]) body[key] = '';
  };
  text('language');
  text('currency', (v) => v.toUpperCase());
  text('tax_id');
  text('notes');
  if (values.parent_id) body.parent_id = Number(values.parent_id);
  if (creditWrite) {
    text('payment_terms');
    const limit = (values.credit_limit ?? '').trim();
    if (limit) body.credit_limit = toLatinDigits(limit).replace(/[\s,\u066c\u00a0]/g, '').replace('\u066b', '.');
    else if (original?.credit_limit) body.credit_limit = null;
  }
  return body;
}

function StringList({ name, label, itemLabel, addLabel, type, testId }: {
  name: string; label: string; itemLabel: (n: number) => string; addLabel: string; type?: string; testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required={false} style={{ marginBottom: 8 }}>
      <Form.List name={name}>
        {(fields: FormListFieldData[], { add, remove }) => (
          <div role="group" aria-label={label}>
            {fields.map((field, index) => (
              <div className="keel-list-row" key={field.key}>
                <Form.Item name={field.name} rules={type === 'email' ? [{ type: 'email', message: t('partners.emailInvalid') }] : []}>
                  <Input aria-label={itemLabel(index + 1)} type={type} dir="ltr" data-testid={`${testId}-${index}`} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('partners.removeItem', { what: itemLabel(index + 1) })} onClick={() => remove(field.name)} />
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} data-testid={`${testId}-add`}>{addLabel}</Button>
          </div>
        )}
      </Form.List>
    </Form.Item>
  );
}

export function PartnerFormPage({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { query } = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PartyForm>();
  const [party, setParty] = useState<Party | null>(null);
  const [loading, setLoading] = useState(id !== null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const [duplicates, setDuplicates] = useState<DuplicateWarning[]>(() => (id !== null ? createdWarnings.get(id) ?? [] : []));
  const [parentName, setParentName] = useState<string | null>(null);
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const permissions = user?.permissions;
  const creditRead = can(permissions, 'partners.credit.read');
  const creditWrite = can(permissions, 'partners.credit.write');
  const mayWrite = can(permissions, 'partners.party.write');
  const mayArchive = can(permissions, 'partners.party.archive');
  const kind = Form.useWatch('kind', form);

  const load = useCallback(async () => {
    if (id === null) return;
    setLoading(true);
    try {
      const loaded = await api.get<Party>(`/partners/${id}`);
      setParty(loaded);
      form.resetFields();
      form.setFieldsValue(toForm(loaded));
      setConflict(false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    } finally {
      setLoading(false);
    }
  }, [id, form, showError]);

  useEffect(() => {
    if (id !== null) {
      createdWarnings.delete(id);
      void load();
    } else {
      const parent = Number(query.get('parent')) || null;
      form.setFieldsValue({ ...EMPTY, kind: parent ? 'person' : 'organization', parent_id: parent });
      if (parent) api.get<Party>(`/partners/${parent}`).then((p) => setParentName(p.name)).catch(() => undefined);
    }
  }, [id]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (party?.parent_id) api.get<Party>(`/partners/${party.parent_id}`).then((p) => setParentName(p.name)).catch(() => undefined);
  }, [party?.parent_id]);

  const checkDuplicates = async () => {
    const emails: string[] = (form.getFieldValue('emails') ?? []).filter((e: string) => e && e.includes('@'));
    const taxId: string = (form.getFieldValue('tax_id') ?? '').trim();
    if (emails.length === 0 && !taxId) { setDuplicates([]); return; }
    try {
      const found: DuplicateWarning[] = [];
      const queries = emails.length > 0 ? emails.map((email, i) => ({ email, tax_id: i === 0 ? taxId : '' })) : [{ email: '', tax_id: taxId }];
      for (const q of queries) {
        const result = await api.get<unknown>('/partners/duplicates', { ...q, exclude_id: id ?? undefined });
        const list = (Array.isArray(result) ? result : (result as { items?: DuplicateWarning[] })?.items ?? (result as { duplicates?: DuplicateWarning[] })?.duplicates ?? []) as DuplicateWarning[];
        for (const d of list) if (d.id !== id && !found.some((f) => f.id === d.id && f.match === d.match)) found.push(d);
      }
      setDuplicates(found);
    } catch {
      /* the check is advisory; the server checks again on save */
    }
  };

  const submit = async (values: PartyForm) => {
    const parentId = id === null ? Number(query.get('parent')) || null : party?.parent_id ?? null;
    const body = clean({ ...values, parent_id: parentId }, creditWrite, party);
    setSaving(true);
    try {
      if (id === null) {
        const key = keys.current.keyFor('create', body);
        const response = await api.request<Party>('/partners', { method: 'POST', body, idempotencyKey: key });
        keys.current.done('create');
        message.success(t('partners.created'));
        if (response.data.duplicate_warnings?.length) createdWarnings.set(response.data.id, response.data.duplicate_warnings);
        navigate(`/partners/${response.data.id}`, { replace: true });
      } else {
        const response = await api.request<Party>(`/partners/${id}`, { method: 'PATCH', body, ifMatch: `"${party?.version}"` });
        setParty(response.data);
        form.setFieldsValue(toForm(response.data));
        message.success(t('partners.saved'));
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && /conflict/.test(error.code)) {
        setConflict(true);
      } else {
        if (id === null) keys.current.done('create');
        showError(error, form);
      }
    } finally {
      setSaving(false);
    }
  };

  const setArchived = async (archived: boolean) => {
    if (!party) return;
    const action = archived ? 'archive' : 'unarchive';
    try {
      await api.request(`/partners/${party.id}/${action}`, { method: 'POST', idempotencyKey: keys.current.keyFor(action, { id: party.id, version: party.version }), ifMatch: `"${party.version}"` });
      keys.current.done(action);
      message.success(t(archived ? 'partners.archiveDone' : 'partners.unarchiveDone'));
      await load();
    } catch (error) {
      keys.current.done(action);
      if (error instanceof ApiError && error.status === 409 && /conflict/.test(error.code)) setConflict(true);
      else showError(error);
    }
  };

  if (notFound) return <Empty description={t('partners.notFound')} />;
  if (loading) return <Skeleton active paragraph={{ rows: 10 }} />;

  const title = id === null ? t('partners.createTitle') : party?.name ?? t('partners.editTitle');

  return (
    <div data-testid="partner-form">
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi>{title}</bdi></Typography.Title>
          {parentName && <Typography.Text type="secondary">{t('partners.contactOf', { name: parentName })}</Typography.Text>}
        </Space>
        <Space wrap>
          {party && (party.archived ? <Tag>{t('partners.archived')}</Tag> : null)}
          {party && mayArchive && (party.archived
            ? <Button onClick={() => setArchived(false)} data-testid="unarchive">{t('partners.unarchive')}</Button>
            : (
              <Popconfirm title={t('partners.archiveConfirm')} okText={t('partners.archive')} cancelText={t('common.cancel')} onConfirm={() => setArchived(true)}>
                <Button danger data-testid="archive">{t('partners.archive')}</Button>
              </Popconfirm>
            ))}
        </Space>
      </div>

      {conflict && (
        <Alert
          type="error" showIcon role="alert" data-testid="conflict" style={{ marginBottom: 16 }}
          message={t('partners.conflictTitle')} description={t('partners.conflictText')}
          action={<Button icon={<ReloadOutlined />} onClick={() => void load()} data-testid="conflict-reload">{t('partners.conflictReload')}</Button>}
        />
      )}
      {duplicates.length > 0 && (
        <Alert
          type="warning" showIcon data-testid="duplicate-warning" style={{ marginBottom: 16 }}
          message={id !== null && party && createdWarnings ? t('partners.duplicateTitle') : t('partners.duplicateTitle')}
          description={
            <div>
              <div>{t('partners.duplicateText')}</div>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {duplicates.map((d) => (
                  <li key={`${d.id}-${d.match}`}>
                    <Link to={`/partners/${d.id}`}><bdi>{d.name}</bdi></Link> — {t(`partners.duplicateMatch.${d.match}`, { defaultValue: d.match })}
                  </li>
                ))}
              </ul>
            </div>
          }
        />
      )}

      {id !== null && party && (can(permissions, 'crm.activity.read') ? (
        <Tabs
          defaultActiveKey={query.get('tab') === 'timeline' ? 'timeline' : 'overview'}
          items={[
            { key: 'overview', label: <span data-testid="partner-tab-overview">{t('crm.partnerTabs.overview')}</span>, children: <Customer360 partnerId={id} /> },
            {
              key: 'timeline', label: <span data-testid="partner-tab-timeline">{t('crm.partnerTabs.timeline')}</span>,
              children: <Card style={{ marginBottom: 16 }}><Timeline target={{ partner_id: id }} /></Card>,
            },
          ]}
        />
      ) : <Customer360 partnerId={id} />)}

      <Form<PartyForm> form={form} layout="vertical" onFinish={submit} disabled={!mayWrite} name="partner" scrollToFirstError initialValues={EMPTY}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card title={t('partners.sections.general')}>
              <Form.Item label={t('partners.fields.kind')} name="kind" rules={[{ required: true, message: t('partners.kindRequired') }]}>
                <Radio.Group optionType="button" options={[
                  { value: 'organization', label: t('partners.kind.organization') },
                  { value: 'person', label: t('partners.kind.person') },
                ]} />
              </Form.Item>
              <Form.Item label={t('partners.fields.name')} name="name" rules={[{ required: true, whitespace: true, message: t('partners.nameRequired') }]}>
                <Input autoFocus={id === null} maxLength={200} dir="auto" data-testid="field-name" />
              </Form.Item>
              <Form.Item label={t('partners.fields.roles')} name="roles">
                <Select mode="multiple" allowClear options={PARTY_ROLES.map((r) => ({ value: r, label: t(`partners.role.${r}`) }))} data-testid="field-roles" />
              </Form.Item>
              <Form.Item label={t('partners.fields.tags')} name="tags">
                <Select mode="tags" placeholder={t('partners.tagsPlaceholder')} tokenSeparators={[',', '،']} open={false} suffixIcon={null} data-testid="field-tags" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item label={t('partners.fields.language')} name="language">
                    <Select allowClear options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item label={t('partners.fields.taxId')} name="tax_id">
                    <Input dir="ltr" onBlur={checkDuplicates} data-testid="field-tax-id" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('partners.sections.contact')}>
              <div onBlur={checkDuplicates}>
                <StringList name="emails" label={t('partners.fields.emails')} itemLabel={(n) => t('partners.fields.email', { n: format.count(n) })} addLabel={t('partners.addEmail')} type="email" testId="field-email" />
              </div>
              <StringList name="phones" label={t('partners.fields.phones')} itemLabel={(n) => t('partners.fields.phone', { n: format.count(n) })} addLabel={t('partners.addPhone')} type="tel" testId="field-phone" />
              <StringList name="websites" label={t('partners.fields.websites')} itemLabel={(n) => t('partners.fields.website', { n: format.count(n) })} addLabel={t('partners.addWebsite')} testId="field-website" />
            </Card>
          </Col>
          <Col xs={24}>
            <Card title={t('partners.sections.addresses')}>
              <Form.List name="addresses">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((field, index) => (
                      <fieldset key={field.key} style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '8px 16px', marginBottom: 12 }}>
                        <legend style={{ fontSize: 14, width: 'auto', padding: '0 6px', margin: 0, border: 0 }}>{t('partners.address', { n: format.count(index + 1) })}</legend>
                        <Row gutter={12}>
                          <Col xs={24} sm={8} md={4}>
                            <Form.Item label={t('partners.fields.addressKind')} name={[field.name, 'kind']} initialValue="billing">
                              <Select options={(['billing', 'shipping', 'other'] as const).map((k) => ({ value: k, label: t(`partners.addressKind.${k}`) }))} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} sm={16} md={10}><Form.Item label={t('partners.fields.street')} name={[field.name, 'street']}><Input dir="auto" /></Form.Item></Col>
                          <Col xs={24} md={10}><Form.Item label={t('partners.fields.street2')} name={[field.name, 'street2']}><Input dir="auto" /></Form.Item></Col>
                          <Col xs={24} sm={8}><Form.Item label={t('partners.fields.city')} name={[field.name, 'city']}><Input dir="auto" data-testid={`field-city-${index}`} /></Form.Item></Col>
                          <Col xs={24} sm={6}><Form.Item label={t('partners.fields.region')} name={[field.name, 'region']}><Input dir="auto" /></Form.Item></Col>
                          <Col xs={12} sm={4}><Form.Item label={t('partners.fields.postalCode')} name={[field.name, 'postal_code']}><Input dir="ltr" /></Form.Item></Col>
                          <Col xs={12} sm={4}>
                            <Form.Item label={t('partners.fields.country')} name={[field.name, 'country']} normalize={(v: string) => v?.toUpperCase()}>
                              <Input maxLength={2} dir="ltr" data-testid={`field-country-${index}`} />
                            </Form.Item>
                          </Col>
                          <Col xs={24} sm={2} style={{ display: 'flex', alignItems: 'center' }}>
                            <Button icon={<DeleteOutlined />} aria-label={t('partners.removeItem', { what: t('partners.address', { n: format.count(index + 1) }) })} onClick={() => remove(field.name)} />
                          </Col>
                        </Row>
                      </fieldset>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ kind: 'billing' })} data-testid="add-address">{t('partners.addAddress')}</Button>
                  </>
                )}
              </Form.List>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('partners.sections.commercial')}>
              <Form.Item label={t('partners.fields.currency')} name="currency" normalize={(v: string) => v?.toUpperCase()}>
                <Input maxLength={3} dir="ltr" style={{ width: 120 }} />
              </Form.Item>
              {creditRead ? (
                <Row gutter={12}>
                  <Col xs={24} sm={12}>
                    <Form.Item label={t('partners.fields.paymentTerms')} name="payment_terms">
                      <Input disabled={!creditWrite} data-testid="field-payment-terms" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item
                      label={t('partners.fields.creditLimit')} name="credit_limit"
                      extra={party?.credit_limit ? format.money(party.credit_limit, party.currency ?? undefined) : undefined}
                      rules={[{ validator: (_, v: string) => (!v || isDecimalString(toLatinDigits(v).replace(/[\s,\u066c\u00a0]/g, '').replace('\u066b', '.')) ? Promise.resolve() : Promise.reject(new Error(t('errors.fieldsBelow')))) }]}
                    >
                      <Input dir="ltr" inputMode="decimal" disabled={!creditWrite} data-testid="field-credit-limit" />
                    </Form.Item>
                  </Col>
                </Row>
              ) : (
                <Typography.Text type="secondary">{t('partners.creditHidden')}</Typography.Text>
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('partners.sections.notes')}>
              <Form.Item label={t('partners.fields.notes')} name="notes"><Input.TextArea rows={4} dir="auto" /></Form.Item>
            </Card>
          </Col>
          {party && kind === 'organization' && (
            <Col xs={24} lg={12}>
              <Card title={t('partners.sections.contacts')} extra={mayWrite && <Button size="small" icon={<PlusOutlined />} onClick={() => navigate(`/partners/new?parent=${party.id}`)}>{t('partners.newContact')}</Button>}>
                <List
                  dataSource={party.contacts ?? []}
                  locale={{ emptyText: t('partners.noContacts') }}
                  renderItem={(c) => (
                    <List.Item>
                      <List.Item.Meta title={<Link to={`/partners/${c.id}`}><bdi>{c.name}</bdi></Link>}
                        description={<bdi className="keel-ltr">{[...(c.emails ?? []), ...(c.phones ?? [])].join(' · ')}</bdi>} />
                    </List.Item>
                  )}
                />
              </Card>
            </Col>
          )}
          {party && (
            <Col xs={24} lg={12}>
              <Card title={t('partners.sections.history')}>
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('partners.fields.createdAt')}><span data-testid="created-at">{format.dateTime(party.created_at)}</span></Descriptions.Item>
                  <Descriptions.Item label={t('partners.fields.updatedAt')}><span data-testid="updated-at">{format.dateTime(party.updated_at)}</span></Descriptions.Item>
                  <Descriptions.Item label={t('partners.fields.version')}>{format.count(party.version)}</Descriptions.Item>
                </Descriptions>
              </Card>
            </Col>
          )}
        </Row>
        <Space style={{ marginTop: 16 }}>
          {mayWrite && <Button type="primary" htmlType="submit" loading={saving} data-testid="save">{id === null ? t('common.create') : t('common.save')}</Button>}
          <Button onClick={() => navigate('/partners')} disabled={false}>{t('common.back')}</Button>
        </Space>
      </Form>
      <span hidden data-testid="calendar">{settings.calendar}</span>
    </div>
  );
}
