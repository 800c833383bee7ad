// /accounting/entries/new: a journal entry typed line by line. The totals and the difference
// follow every keystroke, summed exactly (lib/decimal); Post is enabled only for a balanced
// entry with at least two lines carrying amounts. Server refusals land on their line's field.
import { Alert, Button, Card, Col, Form, Input, Row, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { KeelDatePicker } from '../../../components/DatePicker';
import { dayjs, toIsoDate } from '../../../lib/dates';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { navigate } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { AccountSelect, PartnerSelect, useAccounts, useJournals } from '../common';
import { entryBody, entryTotals, isBlankLine, type EntryFormValues, type LineValues } from './model';
import { useLedgerError } from './shared';
import type { EntryRecord } from './EntryView';

type FormShape = Omit<EntryFormValues, 'date'> & { date: Dayjs | null };

const FORM_NAME = 'entry';
const EMPTY_LINE: LineValues = { debit: '', credit: '', label: '' };

/** The id antd gives a line's field ("entry_lines_2_account_id"), to move the focus there. */
const fieldId = (line: number, field: string) => `${FORM_NAME}_lines_${line}_${field}`;
const focusLater = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);

export function EntryFormPage() {
  const { t } = useTranslation();
  const { user, settings, format } = useSession();
  const [form] = Form.useForm<FormShape>();
  const accounts = useAccounts();
  const journals = useJournals();
  const [foreign, setForeign] = useState(false);
  const [saving, setSaving] = useState<'draft' | 'post' | null>(null);
  const [entryError, setEntryError] = useState<string | null>(null);
  const keys = useRef(new ActionKeys());
  const showError = useLedgerError();
  const lines = Form.useWatch('lines', form) ?? [];
  const totals = useMemo(() => entryTotals(lines, format.style), [lines, format.style]);
  const mayPost = can(user?.permissions, 'accounting.entry.post');

  useEffect(() => {
    if (journals.items.length === 0 || form.getFieldValue('journal_id')) return;
    const general = journals.items.find((j) => j.type === 'general' && !j.archived) ?? journals.items.find((j) => !j.archived);
    if (general) form.setFieldsValue({ journal_id: general.id });
  }, [journals.items, form]);

  const save = async (post: boolean) => {
    setEntryError(null);
    let values: FormShape;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const { body, formIndex } = entryBody({ ...values, date: values.date ? toIsoDate(values.date) : '' }, post, format.style);
    const action = post ? 'post' : 'draft';
    setSaving(action);
    try {
      const response = await api.request<EntryRecord>('/accounting/entries', { method: 'POST', body, idempotencyKey: keys.current.keyFor(action, body) });
      keys.current.done(action);
      navigate(`/accounting/entries/${response.data.id}`);
    } catch (error) {
      keys.current.done(action);
      const placed = showError(error, form, formIndex);
      const whole = placed.filter((p) => p.name.length === 0 || (p.name[0] === 'lines' && p.name.length <= 2));
      if (whole.length > 0) setEntryError(whole.map((p) => p.message).join(' '));
    } finally {
      setSaving(null);
    }
  };

  const journalOptions = journals.items.filter((j) => !j.archived).map((j) => ({ value: j.id, label: `${j.code} · ${j.name}` }));
  const columns = foreign
    ? 'minmax(200px,2.2fr) minmax(150px,1.4fr) minmax(120px,1.4fr) minmax(110px,1fr) minmax(110px,1fr) 80px minmax(110px,1fr) 40px'
    : 'minmax(220px,2.4fr) minmax(160px,1.6fr) minmax(140px,1.6fr) minmax(120px,1fr) minmax(120px,1fr) 40px';
  const differenceText = totals.balanced
    ? t('ledger.entry.balanced')
    : t('ledger.entry.difference', { amount: format.money(totals.difference.replace(/^-/, '')), side: t(totals.difference.startsWith('-') ? 'ledger.entry.moreCredit' : 'ledger.entry.moreDebit') });
  const postHint = totals.canPost ? '' : totals.invalidLines.length > 0 ? t('ledger.entry.hintInvalid')
    : totals.bothSidesLines.length > 0 ? t('ledger.entry.hintBothSides')
      : totals.missingAccountLines.length > 0 ? t('ledger.entry.hintAccount')
        : totals.amountLines < 2 ? t('ledger.entry.hintTwoLines') : t('ledger.entry.hintUnbalanced');

  return (
    <div data-testid="entry-form">
      <div className="keel-page-head">
        <Typography.Title level={1}>{t('ledger.entry.newTitle')}</Typography.Title>
      </div>
      <Form<FormShape>
        form={form} name={FORM_NAME} layout="vertical" disabled={!mayPost}
        initialValues={{ date: dayjs(), lines: [{ ...EMPTY_LINE }, { ...EMPTY_LINE }], memo: '' }}
        onValuesChange={() => setEntryError(null)}
      >
        <Card style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} sm={12} lg={5}>
              <Form.Item label={t('ledger.entry.date')} name="date" rules={[{ required: true, message: t('ledger.entry.dateRequired') }]}>
                <KeelDatePicker style={{ width: '100%' }} allowClear={false} data-testid="entry-date" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label={t('ledger.entry.journal')} name="journal_id" rules={[{ required: true, message: t('ledger.entry.journalRequired') }]}>
                <Select options={journalOptions} loading={journals.loading} data-testid="entry-journal" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={9}>
              <Form.Item label={t('ledger.entry.memo')} name="memo">
                <Input dir="auto" maxLength={1000} data-testid="entry-memo" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={4}>
              <Form.Item label={t('ledger.entry.reference')} name="reference">
                <Input dir="auto" maxLength={200} data-testid="entry-reference" />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card
          title={t('ledger.entry.lines')}
          extra={(
            <label style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
              <Switch size="small" checked={foreign} onChange={setForeign} data-testid="entry-foreign" />
              {t('ledger.entry.foreign')}
            </label>
          )}
        >
          <Form.List name="lines">
            {(fields, { add, remove }) => {
              const addLine = (focus = true) => {
                add({ ...EMPTY_LINE });
                if (focus) focusLater(fieldId(fields.length, 'account_id'));
              };
              const removeLine = (index: number) => {
                if (fields.length <= 1) return;
                remove(index);
                focusLater(fieldId(Math.min(index, fields.length - 2), 'account_id'));
              };
              // Enter on the last line's label or amount adds a line; Alt+Delete removes this one.
              const keys = (index: number) => (event: KeyboardEvent<HTMLElement>) => {
                if (event.key === 'Enter' && !event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
                  event.preventDefault();
                  if (index === fields.length - 1) addLine();
                  else focusLater(fieldId(index + 1, 'account_id'));
                } else if (event.key === 'Delete' && event.altKey) {
                  event.preventDefault();
                  removeLine(index);
                }
              };
              const lineKeys = (index: number) => (event: KeyboardEvent<HTMLElement>) => {
                if (event.key === 'Delete' && event.altKey) {
                  event.preventDefault();
                  removeLine(index);
                }
              };
              return (
                <div className="keel-entry-lines" role="group" aria-label={t('ledger.entry.lines')} data-testid="entry-lines">
                  <div className="keel-entry-row keel-entry-head" style={{ gridTemplateColumns: columns }} aria-hidden="true">
                    <span>{t('ledger.entry.account')}</span>
                    <span>{t('ledger.entry.partner')}</span>
                    <span>{t('ledger.entry.label')}</span>
                    <span className="keel-num">{t('ledger.entry.debit')}</span>
                    <span className="keel-num">{t('ledger.entry.credit')}</span>
                    {foreign && <span>{t('ledger.entry.currency')}</span>}
                    {foreign && <span className="keel-num">{t('ledger.entry.amountCurrency')}</span>}
                    <span />
                  </div>
                  {fields.map((field, index) => {
                    const n = format.count(index + 1);
                    return (
                      <div key={field.key} className="keel-entry-row" style={{ gridTemplateColumns: columns }} data-testid={`entry-line-${index}`} onKeyDown={lineKeys(index)}>
                        <Form.Item name={[field.name, 'account_id']}>
                          <AccountSelect accounts={accounts.items} aria-label={t('ledger.entry.lineAccount', { n })} placeholder={t('ledger.entry.accountPlaceholder')} data-testid={`line-account-${index}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'partner_id']}>
                          <PartnerSelect aria-label={t('ledger.entry.linePartner', { n })} data-testid={`line-partner-${index}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'label']}>
                          <Input dir="auto" aria-label={t('ledger.entry.lineLabel', { n })} onKeyDown={keys(index)} maxLength={200} data-testid={`line-label-${index}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'debit']}>
                          <Input className="keel-num-input" inputMode="decimal" dir="ltr" aria-label={t('ledger.entry.lineDebit', { n })} onKeyDown={keys(index)}
                            status={totals.invalidLines.includes(index) || totals.bothSidesLines.includes(index) ? 'error' : undefined}
                            data-testid={`line-debit-${index}`} />
                        </Form.Item>
                        <Form.Item name={[field.name, 'credit']}>
                          <Input className="keel-num-input" inputMode="decimal" dir="ltr" aria-label={t('ledger.entry.lineCredit', { n })} onKeyDown={keys(index)}
                            status={totals.invalidLines.includes(index) || totals.bothSidesLines.includes(index) ? 'error' : undefined}
                            data-testid={`line-credit-${index}`} />
                        </Form.Item>
                        {foreign && (
                          <Form.Item name={[field.name, 'currency']} normalize={(v: string) => v?.toUpperCase()}>
                            <Input dir="ltr" maxLength={3} aria-label={t('ledger.entry.lineCurrency', { n })} data-testid={`line-currency-${index}`} />
                          </Form.Item>
                        )}
                        {foreign && (
                          <Form.Item name={[field.name, 'amount_currency']}>
                            <Input className="keel-num-input" inputMode="decimal" dir="ltr" aria-label={t('ledger.entry.lineAmountCurrency', { n })} onKeyDown={keys(index)} data-testid={`line-amount-currency-${index}`} />
                          </Form.Item>
                        )}
                        <Tooltip title={t('ledger.entry.removeLineHint')}>
                          <Button icon={<DeleteOutlined />} aria-label={t('ledger.entry.removeLine', { n })} onClick={() => removeLine(index)} disabled={fields.length <= 1} data-testid={`line-remove-${index}`} />
                        </Tooltip>
                      </div>
                    );
                  })}
                  <Space wrap style={{ marginTop: 8 }}>
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => addLine()} data-testid="line-add">{t('ledger.entry.addLine')}</Button>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('ledger.entry.keyboardHint')}</Typography.Text>
                  </Space>
                </div>
              );
            }}
          </Form.List>
          <div className="keel-entry-row keel-entry-totals" style={{ gridTemplateColumns: columns }} data-testid="entry-totals">
            <span style={{ gridColumn: 'span 3' }}>
              <Typography.Text strong>{t('ledger.entry.totals')}</Typography.Text>
            </span>
            <span className="keel-num keel-amount" data-testid="entry-total-debit"><bdi>{format.money(totals.debit)}</bdi></span>
            <span className="keel-num keel-amount" data-testid="entry-total-credit"><bdi>{format.money(totals.credit)}</bdi></span>
          </div>
          <div role="status" aria-live="polite" style={{ marginTop: 8 }}>
            <Typography.Text type={totals.balanced ? 'success' : 'danger'} strong data-testid="entry-difference" data-balanced={totals.balanced ? 'true' : 'false'}>
              {differenceText}
            </Typography.Text>
          </div>
          {entryError && <Alert type="error" showIcon style={{ marginTop: 12 }} message={entryError} data-testid="entry-error" />}
        </Card>
        <Space style={{ marginTop: 16 }} wrap>
          {mayPost && (
            <Tooltip title={postHint || undefined}>
              <Button type="primary" onClick={() => save(true)} disabled={!totals.canPost} loading={saving === 'post'} data-testid="entry-post">{t('ledger.entry.post')}</Button>
            </Tooltip>
          )}
          {mayPost && (
            <Button onClick={() => save(false)} disabled={totals.invalidLines.length > 0 || lines.every(isBlankLine)} loading={saving === 'draft'} data-testid="entry-save-draft">
              {t('ledger.entry.saveDraft')}
            </Button>
          )}
          <Button disabled={false} onClick={() => navigate('/accounting/entries')}>{t('common.back')}</Button>
          {postHint && <Typography.Text type="secondary" data-testid="entry-post-hint">{postHint}</Typography.Text>}
        </Space>
      </Form>
    </div>
  );
}
