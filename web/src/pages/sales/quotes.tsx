// Quotes: the list, the form with product search, price-list prices, optional lines, the
// configurator and live totals from the server's preview, and the quote with its approval and
// send / accept / reject.
import {
  Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, Modal, Popconfirm, Radio, Row, Select, Skeleton, Space, Table, Tag, Tooltip, Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { ButtonProps } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { KeelDatePicker } from '../../components/DatePicker';
import { dayjs, toIsoDate } from '../../lib/dates';
import { addDecimal } from '../../lib/decimal';
import { ActionKeys } from '../../lib/idempotency';
import { can } from '../../lib/navigation';
import { ApiError } from '../../lib/problem';
import { useApiError } from '../../shell/errors';
import { Link, navigate, useLocation } from '../../shell/router';
import { useSession } from '../../shell/session';
import { Amount, PartnerSelect } from '../accounting/common';
import { currencyDecimals, normalizeAmountInput } from '../accounting/finance/model';
import { useBusy, usePartnerNames, useTaxes } from '../accounting/finance/shared';
import { SALES, discountLimit, fetchConfigurator, fetchPrice, previewQuote, type PreviewAnswer, type SalesSettings } from './api';
import {
  QUOTE_STATES, blockedOptions, configurationExtra, configurationProblems, lineSubtotal, maxDiscount, needsApproval, previewIndexes, quoteBody, quoteTotals,
  type Configuration, type Configurator, type Quote, type QuoteFormLine, type QuoteFormValues,
} from './model';
import { PagedTable, ProductSelect, Qty, SalesTag, productName, useProducts, type ProductInfo } from './shared';

export function QuoteListPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { query } = useLocation();
  const state = query.get('state') ?? '';
  const partner = query.get('partner_id') ?? '';
  const [rows, setRows] = useState<number[]>([]);
  const names = usePartnerNames(rows);
  const apply = (next: Record<string, string>) => {
    const qs = new URLSearchParams(Object.entries({ state, partner_id: partner, ...next }).filter(([, v]) => v)).toString();
    navigate('/sales/quotes' + (qs ? '?' + qs : ''), { replace: true });
  };
  return (
    <div data-testid="quote-list">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('sales.quotes.title')}</Typography.Title>
        {can(user?.permissions, 'sales.quote.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/sales/quotes/new')} data-testid="new-quote">{t('sales.quotes.new')}</Button>
        )}
      </div>
      <Form layout="vertical" className="keel-filters" name="quote-filters">
        <Form.Item label={t('sales.fields.state')} htmlFor="quote-filter-state">
          <Select id="quote-filter-state" style={{ width: 180 }} value={state} onChange={(v) => apply({ state: v })}
            options={[{ value: '', label: t('common.all') }, ...QUOTE_STATES.map((s) => ({ value: s, label: t(`sales.state.${s}`) }))]} />
        </Form.Item>
        <Form.Item label={t('sales.fields.customer')} htmlFor="quote-filter-partner">
          <PartnerSelect id="quote-filter-partner" style={{ width: 240 }} value={partner ? Number(partner) : undefined}
            onChange={(v) => apply({ partner_id: v ? String(v) : '' })} placeholder={t('sales.fields.customer')} />
        </Form.Item>
      </Form>
      <PagedTable<Quote>
        path={SALES.quotes} query={{ state: state || undefined, partner_id: partner || undefined }} testId="quote-table" rowTestId="quote-row" onLoaded={(items) => setRows(items.map((q) => q.partner_id))}
        columns={[
          {
            title: t('sales.fields.number'), key: 'n',
            render: (_: unknown, q) => {
              return <Link to={`/sales/quotes/${q.id}`} data-testid="quote-link"><bdi className="keel-mono">{q.number ?? t('sales.draftNumber', { id: format.count(q.id) })}</bdi></Link>;
            },
          },
          { title: t('sales.fields.customer'), key: 'p', render: (_: unknown, q) => <bdi>{q.partner_name ?? names[q.partner_id] ?? ''}</bdi> },
          { title: t('sales.fields.date'), dataIndex: 'date', key: 'd', render: (d: string) => format.date(d) },
          { title: t('sales.fields.validUntil'), dataIndex: 'valid_until', key: 'v', render: (d: string | null) => format.date(d) },
          { title: t('sales.fields.total'), key: 't', align: 'end' as const, render: (_: unknown, q) => <Amount value={q.total} currency={q.currency} /> },
          { title: t('sales.fields.state'), key: 's', render: (_: unknown, q) => <SalesTag state={q.state} testId="quote-state" /> },
        ]}
      />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The form

interface FormValues {
  partner_id?: number | null;
  currency?: string;
  date?: Dayjs | null;
  valid_until?: Dayjs | null;
  lines: QuoteFormLine[];
}

function toRequestValues(v: FormValues): QuoteFormValues {
  return {
    partner_id: v.partner_id ?? null,
    currency: v.currency,
    date: v.date ? toIsoDate(v.date) : null,
    valid_until: v.valid_until ? toIsoDate(v.valid_until) : null,
    lines: v.lines ?? [],
  };
}

function fromQuote(q: Quote): FormValues {
  return {
    partner_id: q.partner_id, currency: q.currency, date: dayjs(q.date), valid_until: q.valid_until ? dayjs(q.valid_until) : null,
    lines: q.lines.map((l) => ({
      product_id: l.product_id, description: l.description, quantity: l.quantity, unit_price: l.unit_price, discount_percent: l.discount_percent === '0' ? '' : l.discount_percent,
      tax_ids: l.tax_ids, optional: !!l.optional, configuration: l.configuration ?? null, price_manual: true,
    })),
  };
}

/** The configurator dialog: one choice per group, incompatible choices disabled with the reason. */
function ConfiguratorDialog({ config, initial, currency, onDone, onCancel }: {
  config: Configurator; initial: Configuration | null | undefined; currency: string; onDone: (c: Configuration) => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { format } = useSession();
  const [chosen, setChosen] = useState<Configuration>(initial ?? {});
  const blocked = blockedOptions(config, chosen);
  const problems = configurationProblems(config, chosen);
  const optionName = (full: string) => {
    const [g, o] = full.split(':');
    const group = config.groups.find((x) => x.code === g);
    return `${group?.name ?? g}: ${group?.options.find((x) => x.code === o)?.name ?? o}`;
  };
  return (
    <Modal open title={t('sales.config.title')} onCancel={onCancel} okText={t('sales.config.apply')} cancelText={t('common.cancel')}
      okButtonProps={{ disabled: problems.length > 0, 'data-testid': 'config-apply' } as ButtonProps} onOk={() => onDone(chosen)} width={640}>
      <div data-testid="configurator">
        {config.groups.map((g) => (
          <fieldset key={g.code} style={{ border: 0, padding: 0, marginBottom: 16 }}>
            <legend style={{ fontWeight: 600, fontSize: 14, marginBottom: 4 }}>{g.name}{g.required ? ' *' : ''}</legend>
            <Radio.Group value={chosen[g.code]} onChange={(e) => setChosen((c) => ({ ...c, [g.code]: e.target.value }))} aria-label={g.name}>
              <Space direction="vertical">
                {g.options.map((o) => {
                  const conflict = blocked.get(`${g.code}:${o.code}`);
                  const radio = (
                    <Radio value={o.code} disabled={!!conflict} data-testid={`config-${g.code}-${o.code}`} data-blocked={conflict ? 'true' : 'false'}>
                      <bdi>{o.name}</bdi>
                      {normalizeAmountInput(o.price_extra) !== null && o.price_extra !== '0' && !/^0(\.0+)?$/.test(o.price_extra) && (
                        <Typography.Text type="secondary"> +{format.money(o.price_extra, currency)}</Typography.Text>
                      )}
                      {conflict && <Tag color="red" style={{ marginInlineStart: 8 }}>{t('sales.config.conflicts', { option: optionName(conflict) })}</Tag>}
                    </Radio>
                  );
                  return <div key={o.code}>{conflict ? <Tooltip title={t('sales.config.conflicts', { option: optionName(conflict) })}>{radio}</Tooltip> : radio}</div>;
                })}
              </Space>
            </Radio.Group>
          </fieldset>
        ))}
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('sales.config.extra')}><span data-testid="config-extra"><Amount value={configurationExtra(config, chosen)} currency={currency} /></span></Descriptions.Item>
        </Descriptions>
        {problems.length > 0 && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon data-testid="config-problems"
            message={problems.map((p) => (p.code === 'configuration_incomplete'
              ? t('sales.config.incomplete', { group: config.groups.find((g) => g.code === p.group)?.name ?? p.group })
              : p.code === 'configuration_incompatible' ? t('sales.config.incompatible', { a: optionName(p.option), b: optionName(p.other) })
                : t('sales.config.unknown'))).join(' · ')} />
        )}
      </div>
    </Modal>
  );
}

export function QuoteFormPage({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const { query } = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const { items: taxes } = useTaxes();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const companyCurrency = user?.company?.currency ?? 'EUR';
  const [existing, setExisting] = useState<Quote | null>(null);
  const [loaded, setLoaded] = useState(id === null);
  const [preview, setPreview] = useState<PreviewAnswer | null>(null);
  const [previewState, setPreviewState] = useState<'idle' | 'busy' | 'error'>('idle');
  const [previewProblem, setPreviewProblem] = useState<string | null>(null);
  const [configurators, setConfigurators] = useState<Record<number, Configurator | null>>({});
  const [configuring, setConfiguring] = useState<number | null>(null);
  const lines: QuoteFormLine[] = Form.useWatch('lines', form) ?? [];
  const currency = ((Form.useWatch('currency', form) as string | undefined) || companyCurrency).toUpperCase();
  const decimals = currencyDecimals(currency);
  const products = useProducts(lines.map((l) => l?.product_id ?? 0));
  const presetPartner = Number(query.get('partner')) || undefined;
  const presetNames = usePartnerNames(presetPartner ? [presetPartner] : existing ? [existing.partner_id] : []);
  const [salesSettings, setSalesSettings] = useState<SalesSettings | null>(null);
  useEffect(() => { api.get<SalesSettings>(SALES.settings).then(setSalesSettings).catch(() => setSalesSettings(null)); }, []);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    if (id === null) return;
    api.get<Quote>(SALES.quote(id)).then((q) => { setExisting(q); form.setFieldsValue(fromQuote(q)); setLoaded(true); schedulePreview(); }).catch(showError);
  }, [id]); // eslint-disable-line react-hooks/exhaustive-deps

  // Configurators of the products on the form, asked once per product.
  const productKey = [...new Set(lines.map((l) => l?.product_id).filter(Boolean))].join(',');
  useEffect(() => {
    for (const pid of productKey ? productKey.split(',').map(Number) : []) {
      if (!(pid in configurators)) void fetchConfigurator(pid).then((c) => setConfigurators((all) => ({ ...all, [pid]: c })));
    }
  }, [productKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const schedulePreview = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const values = toRequestValues(form.getFieldsValue(true) as FormValues);
      if (!values.partner_id || values.lines.filter((l) => l?.product_id).length === 0) { setPreview(null); setPreviewState('idle'); return; }
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setPreviewState('busy');
      try {
        const answer = await previewQuote(values, controller.signal);
        if (controller.signal.aborted) return;
        // The server's unit prices (price list and extras) for the lines the user did not price.
        const formLines = (form.getFieldValue('lines') as QuoteFormLine[] | undefined) ?? [];
        previewIndexes(formLines).forEach((formIndex, i) => {
          const priced = answer.lines?.[i]?.unit_price;
          if (priced !== undefined && !formLines[formIndex].price_manual && formLines[formIndex].unit_price !== priced) form.setFieldValue(['lines', formIndex, 'unit_price'], priced);
        });
        setPreview(answer);
        setPreviewProblem(null);
        setPreviewState('idle');
      } catch (error) {
        if (controller.signal.aborted || (error as Error)?.name === 'AbortError') return;
        setPreview(null);
        setPreviewProblem(error instanceof ApiError ? error.problem.message || error.code : null);
        setPreviewState('error');
      }
    }, 350);
  }, [form]);
  useEffect(() => () => { clearTimeout(timer.current); abort.current?.abort(); }, []);

  /** Sets a line's price from the price list plus its configuration's extras (unless the user typed one), then refreshes the totals. */
  const priceLine = useCallback(async (index: number) => {
    const values = form.getFieldsValue(true) as FormValues;
    const line = values.lines?.[index];
    if (!line?.product_id || line.price_manual) { schedulePreview(); return; }
    const quantity = normalizeAmountInput(line.quantity) ?? '1';
    try {
      const price = await fetchPrice({
        partner: values.partner_id, product: line.product_id, quantity, date: values.date ? toIsoDate(values.date) : null, currency: values.currency,
      });
      const config = configurators[line.product_id] ?? (await fetchConfigurator(line.product_id));
      const extra = config && line.configuration ? configurationExtra(config, line.configuration) : '0';
      const now = form.getFieldValue(['lines', index]) as QuoteFormLine | undefined;
      if (now?.product_id === line.product_id && !now.price_manual) form.setFieldValue(['lines', index, 'unit_price'], addDecimal(price.unit_price, extra));
    } catch {
      /* no price: the list price shown stays and the server prices the line on save */
    }
    schedulePreview();
  }, [form, schedulePreview, configurators]);

  const onProduct = (index: number, product: ProductInfo | null) => {
    if (!product) return;
    form.setFieldValue(['lines', index], {
      ...(form.getFieldValue(['lines', index]) as QuoteFormLine),
      product_id: product.id, description: productName(product, settings.language), unit_price: product.list_price,
      tax_ids: product.tax_ids ?? [], price_manual: false, configuration: null,
    });
    void priceLine(index);
  };

  const save = () => run('save', async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const request = toRequestValues({ ...(form.getFieldsValue(true) as FormValues), ...values });
    const body = quoteBody(request);
    try {
      const saved = id === null
        ? (await api.request<Quote>(SALES.quotes, { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) })).data
        : (await api.request<Quote>(SALES.quote(id), { method: 'PUT', body: { ...body, version: existing?.version }, idempotencyKey: keys.current.keyFor('replace', { ...body, version: existing?.version }) })).data;
      keys.current.done('create');
      keys.current.done('replace');
      message.success(t('sales.quotes.saved'));
      navigate(`/sales/quotes/${saved.id}`, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status < 500) {
        keys.current.done('create');
        keys.current.done('replace');
      }
      showError(error, form);
    }
  });

  if (!loaded) return <Skeleton active paragraph={{ rows: 8 }} />;
  const local = quoteTotals(lines, decimals);
  const initial: FormValues = {
    partner_id: presetPartner ?? null, currency: companyCurrency, date: dayjs(), valid_until: dayjs().add(30, 'day'),
    lines: [{ quantity: '1', tax_ids: [], optional: false }],
  };
  const taxOptions = taxes.filter((x) => x.scope === 'sales').map((x) => ({ value: x.id, label: x.name }));
  const numberRule = { validator: (_: unknown, v: string) => (normalizeAmountInput(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('sales.numberInvalid')))) };
  const indexes = previewIndexes(lines);
  const previewLine = (formIndex: number) => {
    const at = indexes.indexOf(formIndex);
    return at >= 0 ? preview?.lines?.[at] : undefined;
  };
  const limit = discountLimit(salesSettings, user?.roles);
  const overLimit = needsApproval(maxDiscount(lines), limit);
  const configFor = (index: number) => {
    const pid = lines[index]?.product_id;
    return pid ? configurators[pid] ?? null : null;
  };

  return (
    <div data-testid="quote-form">
      <div className="keel-page-head">
        <Typography.Title level={1}>{id === null ? t('sales.quotes.new') : t('sales.quotes.edit', { number: existing?.number ?? format.count(id) })}</Typography.Title>
      </div>
      <Form<FormValues> form={form} layout="vertical" name="quote" initialValues={initial} onFinish={() => void save()}
        onValuesChange={(changed: Partial<FormValues>) => {
          const changedLines = changed.lines;
          if (changedLines) {
            changedLines.forEach((l, index) => {
              if (!l) return;
              if (l.unit_price !== undefined && l.product_id === undefined) form.setFieldValue(['lines', index, 'price_manual'], true);
              if (l.quantity !== undefined) void priceLine(index);
            });
          }
          if (changed.partner_id !== undefined || changed.date !== undefined || changed.currency !== undefined) {
            (form.getFieldValue('lines') as QuoteFormLine[] ?? []).forEach((_, index) => void priceLine(index));
          }
          schedulePreview();
        }}>
        <Card>
          <Row gutter={16}>
            <Col xs={24} md={12} lg={8}>
              <Form.Item label={t('sales.fields.customer')} name="partner_id" rules={[{ required: true, message: t('sales.quotes.partnerRequired') }]}>
                <PartnerSelect key={presetNames[presetPartner ?? existing?.partner_id ?? 0] ? 'named' : 'plain'} data-testid="quote-partner" placeholder={t('sales.searchCustomer')}
                  initial={(presetPartner ?? existing?.partner_id) && presetNames[(presetPartner ?? existing?.partner_id)!] ? { id: (presetPartner ?? existing?.partner_id)!, name: presetNames[(presetPartner ?? existing?.partner_id)!] } : null} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={4}>
              <Form.Item label={t('sales.fields.date')} name="date" rules={[{ required: true, message: t('sales.dateRequired') }]}>
                <KeelDatePicker style={{ width: '100%' }} data-testid="quote-date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} lg={4}>
              <Form.Item label={t('sales.fields.validUntil')} name="valid_until">
                <KeelDatePicker style={{ width: '100%' }} data-testid="quote-valid-until" />
              </Form.Item>
            </Col>
            <Col xs={8} md={4} lg={2}>
              <Form.Item label={t('sales.fields.currency')} name="currency" normalize={(v: string) => v?.toUpperCase()}>
                <Input maxLength={3} dir="ltr" data-testid="quote-currency" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card title={t('sales.quotes.lines')} style={{ marginTop: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <div role="group" aria-label={t('sales.quotes.lines')}>
                {fields.map((field, index) => {
                  const n = format.count(index + 1);
                  const line = lines[index] ?? {};
                  const amount = lineSubtotal(line, decimals);
                  const config = configFor(index);
                  const label = (f: string) => t('sales.lineField', { field: t(`sales.fields.${f}`), n });
                  const product = line.product_id ? products[line.product_id] : undefined;
                  return (
                    <div key={field.key} data-testid={`qline-${index}`} style={{ borderBottom: '1px solid #f0f0f0', marginBottom: 8 }}>
                      <Row gutter={8} align="top">
                        <Col xs={24} lg={7}>
                          <Form.Item name={[field.name, 'product_id']} label={index === 0 ? t('sales.fields.product') : undefined} rules={[{ required: true, message: t('sales.quotes.productRequired') }]}>
                            <ProductSelect aria-label={label('product')} data-testid={`qline-${index}-product`} placeholder={t('sales.searchProduct')}
                              initial={product ?? null} onProduct={(p) => onProduct(index, p)} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} lg={2}>
                          <Form.Item name={[field.name, 'quantity']} label={index === 0 ? t('sales.fields.quantity') : undefined} rules={[numberRule]}>
                            <Input inputMode="decimal" dir="ltr" aria-label={label('quantity')} data-testid={`qline-${index}-quantity`} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} lg={3}>
                          <Form.Item name={[field.name, 'unit_price']} label={index === 0 ? t('sales.fields.unitPrice') : undefined} rules={[numberRule]}
                            extra={line.product_id && !line.price_manual ? <span data-testid={`qline-${index}-from-pricelist`}>{t('sales.quotes.fromPricelist')}</span> : undefined}>
                            <Input inputMode="decimal" dir="ltr" aria-label={label('unitPrice')} data-testid={`qline-${index}-price`} />
                          </Form.Item>
                        </Col>
                        <Col xs={8} lg={2}>
                          <Form.Item name={[field.name, 'discount_percent']} label={index === 0 ? t('sales.fields.discount') : undefined}>
                            <Input inputMode="decimal" dir="ltr" suffix="%" aria-label={label('discount')} data-testid={`qline-${index}-discount`} />
                          </Form.Item>
                        </Col>
                        <Col xs={14} lg={4}>
                          <Form.Item name={[field.name, 'tax_ids']} label={index === 0 ? t('sales.fields.taxes') : undefined}>
                            <Select mode="multiple" allowClear optionFilterProp="label" options={taxOptions} aria-label={label('taxes')} data-testid={`qline-${index}-taxes`} />
                          </Form.Item>
                        </Col>
                        <Col xs={4} lg={2}>
                          <Form.Item name={[field.name, 'optional']} valuePropName="checked" label={index === 0 ? t('sales.fields.optional') : undefined}>
                            <Checkbox aria-label={label('optional')} data-testid={`qline-${index}-optional`} />
                          </Form.Item>
                        </Col>
                        <Col xs={4} lg={3}>
                          <Form.Item label={index === 0 ? t('sales.fields.subtotal') : undefined}>
                            <div style={{ paddingBlock: 5, textAlign: 'end' }} data-testid={`qline-${index}-amount`} aria-live="polite">
                              {previewLine(index)?.subtotal !== undefined ? <Amount value={previewLine(index)!.subtotal} currency={currency} />
                                : amount !== null ? <Amount value={amount} currency={currency} /> : <Typography.Text type="secondary">—</Typography.Text>}
                            </div>
                          </Form.Item>
                        </Col>
                        <Col xs={2} lg={1}>
                          <Form.Item label={index === 0 ? ' ' : undefined}>
                            <Button icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => { remove(field.name); schedulePreview(); }}
                              aria-label={t('sales.quotes.removeLine', { n })} data-testid={`qline-${index}-remove`} />
                          </Form.Item>
                        </Col>
                      </Row>
                      {config && (
                        <Space style={{ marginBottom: 8 }} wrap>
                          <Button icon={<SettingOutlined />} onClick={() => setConfiguring(index)} data-testid={`qline-${index}-configure`}>{t('sales.config.configure')}</Button>
                          {line.configuration && Object.keys(line.configuration).length > 0 ? (
                            <span data-testid={`qline-${index}-configuration`}>
                              {Object.entries(line.configuration).map(([g, o]) => {
                                const group = config.groups.find((x) => x.code === g);
                                return <Tag key={g}>{group?.name ?? g}: {group?.options.find((x) => x.code === o)?.name ?? o}</Tag>;
                              })}
                            </span>
                          ) : <Typography.Text type="warning">{t('sales.config.needed')}</Typography.Text>}
                        </Space>
                      )}
                    </div>
                  );
                })}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: '1', tax_ids: [], optional: false })} data-testid="add-qline">{t('sales.quotes.addLine')}</Button>
              </div>
            )}
          </Form.List>
          <Descriptions column={1} size="small" style={{ marginTop: 16, maxWidth: 520, marginInlineStart: 'auto' }} bordered data-testid="live-totals" data-state={previewState}>
            <Descriptions.Item label={t('sales.fields.untaxed')}>
              <span data-testid="live-untaxed">{preview ? <Amount value={preview.untaxed} currency={currency} /> : local ? <Amount value={local.untaxed} currency={currency} /> : '—'}</span>
            </Descriptions.Item>
            {preview?.taxes?.map((x) => (
              <Descriptions.Item key={x.tax_id} label={x.name ?? taxes.find((tx) => tx.id === x.tax_id)?.name ?? `#${x.tax_id}`}><Amount value={x.amount} currency={currency} /></Descriptions.Item>
            ))}
            <Descriptions.Item label={t('sales.fields.tax')}>
              <span data-testid="live-tax">{preview ? <Amount value={preview.tax} currency={currency} /> : <Typography.Text type="secondary">—</Typography.Text>}</span>
            </Descriptions.Item>
            <Descriptions.Item label={<strong>{t('sales.fields.total')}</strong>}>
              <strong data-testid="live-total">{preview ? <Amount value={preview.total} currency={currency} /> : '—'}</strong>
            </Descriptions.Item>
            {local && local.optional !== '0' && !/^0(\.0+)?$/.test(local.optional) && (
              <Descriptions.Item label={t('sales.quotes.optionalTotal')}><span data-testid="live-optional"><Amount value={preview?.optional_untaxed ?? local.optional} currency={currency} /></span></Descriptions.Item>
            )}
          </Descriptions>
          {overLimit && <Alert style={{ marginTop: 8 }} type="warning" showIcon data-testid="discount-over-limit" message={t('sales.quotes.overLimit', { n: format.decimal(limit ?? '') })} />}
          {previewState === 'error' && <Alert style={{ marginTop: 8 }} type="warning" showIcon message={t('sales.quotes.previewFailed')} description={previewProblem ?? undefined} data-testid="preview-error" />}
        </Card>
        <Space style={{ marginTop: 16 }} wrap>
          <Button type="primary" htmlType="submit" loading={busy === 'save'} disabled={busy !== null} data-testid="save-quote">{t('sales.quotes.save')}</Button>
          <Button onClick={() => navigate(id === null ? '/sales/quotes' : `/sales/quotes/${id}`)}>{t('common.back')}</Button>
        </Space>
      </Form>
      {configuring !== null && configFor(configuring) && (
        <ConfiguratorDialog config={configFor(configuring)!} initial={lines[configuring]?.configuration} currency={currency}
          onCancel={() => setConfiguring(null)}
          onDone={(c) => {
            const index = configuring;
            setConfiguring(null);
            form.setFieldValue(['lines', index, 'configuration'], c);
            form.setFieldValue(['lines', index, 'price_manual'], false);
            void priceLine(index);
          }} />
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// The quote

export function QuotePage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { message } = App.useApp();
  const [quote, setQuote] = useState<Quote | null>(null);
  const [notFound, setNotFound] = useState(false);
  const { items: taxes } = useTaxes();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const names = usePartnerNames(quote ? [quote.partner_id] : []);
  const products = useProducts(quote ? quote.lines.map((l) => l.product_id) : []);
  const [chosenOptional, setChosenOptional] = useState<number[]>([]);
  const permissions = user?.permissions;
  const mayWrite = can(permissions, 'sales.quote.write');
  const mayApprove = can(permissions, 'sales.quote.approve');

  const load = useCallback(async () => {
    try {
      const q = await api.get<Quote>(SALES.quote(id));
      setQuote(q);
      setChosenOptional(q.lines.filter((l) => l.optional && l.selected).map((l) => l.line_no!).filter(Boolean));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError]);
  useEffect(() => { void load(); }, [load]);

  const act = (action: 'approve' | 'send' | 'accept' | 'reject' | 'cancel') => run(action, async () => {
    const body = action === 'accept' ? { optional_lines: chosenOptional } : {};
    try {
      const r = await api.request<Quote & { order?: { id: number }; order_id?: number | null }>(SALES.quoteAction(id, action), {
        method: 'POST', body, idempotencyKey: keys.current.keyFor(action, { id, version: quote?.version, body }),
      });
      keys.current.done(action);
      message.success(t(`sales.quotes.done.${action}`));
      const orderId = r.data.order?.id ?? r.data.order_id ?? null;
      if (action === 'accept' && orderId) { navigate(`/sales/orders/${orderId}`); return; }
      void load();
    } catch (error) {
      keys.current.done(action);
      showError(error);
      void load();
    }
  });

  const taxName = (taxId: number) => taxes.find((x) => x.id === taxId)?.name ?? `#${taxId}`;
  const optionalLines = useMemo(() => quote?.lines.filter((l) => l.optional) ?? [], [quote]);
  if (notFound) return <Empty description={t('sales.quotes.notFound')} />;
  if (!quote) return <Skeleton active paragraph={{ rows: 10 }} />;
  const s = quote.state;
  const title = quote.number ?? t('sales.draftNumber', { id: format.count(quote.id) });
  const lineColumns = [
    { title: t('sales.fields.product'), key: 'p', render: (_: unknown, l: Quote['lines'][number]) => (
      <span>
        <bdi className="keel-mono">{l.sku ?? products[l.product_id]?.sku ?? ''}</bdi> <bdi>{l.description}</bdi>
        {l.configuration && Object.keys(l.configuration).length > 0 && (
          <div data-testid="quote-line-configuration">{Object.entries(l.configuration).map(([g, o]) => <Tag key={g}>{g}: {o}</Tag>)}</div>
        )}
      </span>
    ) },
    { title: t('sales.fields.quantity'), dataIndex: 'quantity', key: 'q', align: 'end' as const, render: (v: string) => <Qty value={v} /> },
    { title: t('sales.fields.unitPrice'), dataIndex: 'unit_price', key: 'u', align: 'end' as const, render: (v: string) => <Amount value={v} currency={quote.currency} /> },
    { title: t('sales.fields.discount'), dataIndex: 'discount_percent', key: 'd', align: 'end' as const, render: (v: string) => (v && !/^0(\.0+)?$/.test(v) ? `${format.decimal(v)} %` : '') },
    { title: t('sales.fields.taxes'), dataIndex: 'tax_ids', key: 't', render: (v: number[]) => (v ?? []).map(taxName).join(', ') },
    { title: t('sales.fields.subtotal'), dataIndex: 'subtotal', key: 's', align: 'end' as const, render: (v: string) => <Amount value={v} currency={quote.currency} /> },
  ];

  return (
    <div data-testid="quote-page" data-state={s}>
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}><bdi className="keel-mono" data-testid="quote-number">{title}</bdi></Typography.Title>
          <Typography.Text type="secondary"><Link to={`/partners/${quote.partner_id}`}><bdi>{quote.partner_name ?? names[quote.partner_id] ?? ''}</bdi></Link></Typography.Text>
        </Space>
        <Space wrap>
          <SalesTag state={s} testId="quote-state" />
          {s === 'draft' && mayWrite && <Button onClick={() => navigate(`/sales/quotes/${id}/edit`)} data-testid="edit-quote">{t('sales.quotes.editButton')}</Button>}
          {s === 'to_approve' && mayApprove && (
            <Button type="primary" loading={busy === 'approve'} disabled={busy !== null} onClick={() => void act('approve')} data-testid="approve-quote">{t('sales.quotes.approve')}</Button>
          )}
          {(s === 'draft' || s === 'approved') && mayWrite && (
            <Button type="primary" loading={busy === 'send'} disabled={busy !== null} onClick={() => void act('send')} data-testid="send-quote">{t('sales.quotes.send')}</Button>
          )}
          {s === 'sent' && mayWrite && (
            <Button type="primary" loading={busy === 'accept'} disabled={busy !== null} onClick={() => void act('accept')} data-testid="accept-quote">{t('sales.quotes.accept')}</Button>
          )}
          {s === 'sent' && mayWrite && (
            <Popconfirm title={t('sales.quotes.rejectConfirm')} okText={t('sales.quotes.reject')} cancelText={t('common.back')} onConfirm={() => void act('reject')}>
              <Button danger disabled={busy !== null} data-testid="reject-quote">{t('sales.quotes.reject')}</Button>
            </Popconfirm>
          )}
          {(s === 'draft' || s === 'to_approve' || s === 'approved') && mayWrite && (
            <Popconfirm title={t('sales.quotes.cancelConfirm')} okText={t('sales.quotes.cancel')} cancelText={t('common.back')} onConfirm={() => void act('cancel')}>
              <Button danger disabled={busy !== null} data-testid="cancel-quote">{t('sales.quotes.cancel')}</Button>
            </Popconfirm>
          )}
          {quote.order_id && <Button onClick={() => navigate(`/sales/orders/${quote.order_id}`)} data-testid="quote-order">{t('sales.quotes.openOrder')}</Button>}
        </Space>
      </div>
      {s === 'to_approve' && (
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon data-testid="approval-needed"
          message={t('sales.quotes.needsApproval')} description={mayApprove ? t('sales.quotes.youMayApprove') : t('sales.quotes.askApprover')} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('sales.fields.date')}>{format.date(quote.date)}</Descriptions.Item>
              <Descriptions.Item label={t('sales.fields.validUntil')}><span data-testid="quote-valid-until">{format.date(quote.valid_until)}</span></Descriptions.Item>
              <Descriptions.Item label={t('sales.fields.currency')}><span className="keel-mono">{quote.currency}</span></Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('sales.fields.untaxed')}><Amount value={quote.untaxed} currency={quote.currency} testId="quote-untaxed" /></Descriptions.Item>
              <Descriptions.Item label={t('sales.fields.tax')}><Amount value={quote.tax} currency={quote.currency} testId="quote-tax" /></Descriptions.Item>
              <Descriptions.Item label={<strong>{t('sales.fields.total')}</strong>}><strong><Amount value={quote.total} currency={quote.currency} testId="quote-total" /></strong></Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('sales.quotes.lines')}>
            <Table rowKey={(l) => String(l.id ?? l.line_no)} size="small" pagination={false} dataSource={quote.lines.filter((l) => !l.optional)} scroll={{ x: 800 }} columns={lineColumns} data-testid="quote-lines" />
          </Card>
        </Col>
        {optionalLines.length > 0 && (
          <Col xs={24}>
            <Card title={t('sales.quotes.optionalLines')}>
              <Typography.Paragraph type="secondary">{t('sales.quotes.optionalHint')}</Typography.Paragraph>
              <Table size="small" pagination={false} dataSource={optionalLines} scroll={{ x: 800 }} data-testid="quote-optional-lines"
                rowKey={(l) => String(l.line_no)}
                rowSelection={s === 'sent' ? {
                  selectedRowKeys: chosenOptional.map(String),
                  onChange: (keysChosen) => setChosenOptional(keysChosen.map(Number)),
                  getCheckboxProps: (l) => ({ 'aria-label': t('sales.quotes.chooseOptional', { name: l.description }) } as object),
                } : undefined}
                columns={lineColumns} />
            </Card>
          </Col>
        )}
      </Row>
      <Space style={{ marginTop: 16 }}><Button onClick={() => navigate('/sales/quotes')}>{t('common.back')}</Button></Space>
    </div>
  );
}
