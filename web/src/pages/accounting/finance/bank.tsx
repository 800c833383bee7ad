// Bank: accounts, statement import (CSV through a column-mapping step with a preview, camt.053
// and OFX as they are) and a statement's reconciliation: the API's proposals per line, a
// counterpart chosen by hand, and undoing a match.
import {
  Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, InputNumber, List, Modal, Radio, Row, Select, Skeleton, Space, Table, Tag, Typography, Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { ActionKeys } from '../../../lib/idempotency';
import { can } from '../../../lib/navigation';
import { ApiError } from '../../../lib/problem';
import { useApiError } from '../../../shell/errors';
import { Link, navigate } from '../../../shell/router';
import { useSession } from '../../../shell/session';
import { AccountSelect, Amount, PartnerSelect, useAccounts, useJournals } from '../common';
import {
  DATE_FORMATS, MAPPED_FIELDS, buildMapping, detectDelimiter, guessColumns, guessDateFormat, mappingProblems, previewRows, previewTotal, splitRows,
  type CsvMappingState, type MappedField,
} from './model';
import { StateTag, useBankAccounts, useBusy, type BankAccount } from './shared';

type Format = 'csv' | 'camt053' | 'ofx';
const FORMAT_NAMES: Record<Format, string> = { csv: 'CSV', camt053: 'camt.053', ofx: 'OFX' };

interface StatementSummary {
  id: number; bank_account_id: number; format: string; statement_id: string; imported_at: string; lines_count: number; open_lines: number;
}

/** Every account's imported statements, newest first, as the API lists them. */
function useStatements(accounts: BankAccount[]): StatementSummary[] {
  const [items, setItems] = useState<StatementSummary[]>([]);
  const ids = accounts.map((a) => a.id).join(',');
  useEffect(() => {
    let live = true;
    Promise.all(ids ? ids.split(',').map((id) => api.get<{ items: StatementSummary[] }>(`/accounting/bank-accounts/${id}/statements`)) : [])
      .then((pages) => {
        if (!live) return;
        setItems(pages.flatMap((p) => p.items).sort((a, b) => b.imported_at.localeCompare(a.imported_at) || b.id - a.id));
      })
      .catch(() => { if (live) setItems([]); });
    return () => { live = false; };
  }, [ids]);
  return items;
}

function NewBankAccount({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { items: accounts } = useAccounts();
  const { items: journals } = useJournals();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const showError = useApiError();
  const submit = (values: Record<string, unknown>) => run('create', async () => {
    const body = { ...values, account_number: String(values.account_number ?? '').replace(/\s+/g, ''), currency: String(values.currency ?? '').toUpperCase() };
    try {
      await api.request('/accounting/bank-accounts', { method: 'POST', body, idempotencyKey: keys.current.keyFor('create', body) });
      keys.current.done('create');
      message.success(t('finance.bank.accountCreated'));
      form.resetFields();
      onCreated();
    } catch (error) {
      keys.current.done('create');
      showError(error, form);
    }
  });
  return (
    <Form form={form} layout="vertical" name="bank-account" onFinish={(v) => void submit(v)} initialValues={{ currency: user?.company?.currency ?? 'EUR' }}>
      <Row gutter={12}>
        <Col xs={24} md={6}><Form.Item label={t('finance.bank.name')} name="name" rules={[{ required: true, whitespace: true, message: t('finance.bank.nameRequired') }]}><Input dir="auto" data-testid="bank-name" /></Form.Item></Col>
        <Col xs={24} md={6}><Form.Item label={t('finance.bank.number')} name="account_number"><Input dir="ltr" data-testid="bank-number" /></Form.Item></Col>
        <Col xs={8} md={2}><Form.Item label={t('finance.fields.currency')} name="currency"><Input maxLength={3} dir="ltr" /></Form.Item></Col>
        <Col xs={16} md={5}>
          <Form.Item label={t('finance.bank.ledgerAccount')} name="account_id" rules={[{ required: true, message: t('finance.bank.ledgerAccountRequired') }]}>
            <AccountSelect accounts={accounts.filter((a) => a.role === 'bank' || a.type === 'asset')} data-testid="bank-ledger-account" />
          </Form.Item>
        </Col>
        <Col xs={24} md={5}>
          <Form.Item label={t('finance.bank.journal')} name="journal_id" rules={[{ required: true, message: t('finance.bank.journalRequired') }]}>
            <Select options={journals.filter((j) => j.type === 'bank' && !j.archived).map((j) => ({ value: j.id, label: `${j.code} ${j.name}` }))} data-testid="bank-journal" />
          </Form.Item>
        </Col>
      </Row>
      <Button htmlType="submit" type="primary" loading={busy !== null} disabled={busy !== null} data-testid="bank-create">{t('finance.bank.createAccount')}</Button>
    </Form>
  );
}

const FIELD_REQUIRED: Partial<Record<MappedField, boolean>> = { date: true };

function CsvMapping({ text, state, setState }: { text: string; state: CsvMappingState; setState: (s: CsvMappingState) => void }) {
  const { t } = useTranslation();
  const { format } = useSession();
  const { header, rows } = useMemo(() => splitRows(text, state, 10), [text, state]);
  const columnCount = Math.max(header?.length ?? 0, ...rows.map((r) => r.length));
  const columnOptions = Array.from({ length: columnCount }, (_, i) => ({
    value: i, label: header?.[i]?.trim() ? header[i].trim() : t('finance.bank.columnN', { n: format.count(i + 1) }),
  }));
  const preview = previewRows(rows, state);
  const problems = mappingProblems(state);
  const visibleFields = MAPPED_FIELDS.filter((f) => (state.amountMode === 'signed' ? f !== 'debit' && f !== 'credit' : f !== 'amount'));
  const set = (patch: Partial<CsvMappingState>) => setState({ ...state, ...patch });
  return (
    <Form layout="vertical" component="div" data-testid="csv-mapping">
      <Row gutter={12}>
        <Col xs={12} md={4}>
          <Form.Item label={t('finance.bank.delimiter')} htmlFor="csv-delimiter">
            <Select id="csv-delimiter" style={{ width: '100%' }} value={state.delimiter} onChange={(delimiter) => set({ delimiter })}
              options={[{ value: ',', label: t('finance.bank.delimiters.comma') }, { value: ';', label: t('finance.bank.delimiters.semicolon') }, { value: '|', label: t('finance.bank.delimiters.pipe') }, { value: '\t', label: t('finance.bank.delimiters.tab') }]} />
          </Form.Item>
        </Col>
        <Col xs={12} md={4}>
          <Form.Item label={t('finance.bank.dateFormat')} htmlFor="csv-date-format">
            <Select id="csv-date-format" style={{ width: '100%' }} value={state.dateFormat} onChange={(dateFormat) => set({ dateFormat })} data-testid="csv-date-format"
              options={DATE_FORMATS.map((f) => ({ value: f, label: t(`finance.bank.dateFormats.${f === 'jalali' ? 'jalali' : f.replace(/[^A-Z]/g, '')}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item label={t('finance.bank.decimalSeparator')} htmlFor="csv-decimal">
            <Select id="csv-decimal" style={{ width: '100%' }} value={state.decimalSeparator} onChange={(decimalSeparator) => set({ decimalSeparator })}
              options={[{ value: '.', label: t('finance.bank.separators.point') }, { value: ',', label: t('finance.bank.separators.comma') }]} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item label={t('finance.bank.thousandsSeparator')} htmlFor="csv-thousands">
            <Select id="csv-thousands" style={{ width: '100%' }} value={state.thousandsSeparator} onChange={(thousandsSeparator) => set({ thousandsSeparator })}
              options={[{ value: '', label: t('finance.bank.separators.none') }, { value: ',', label: t('finance.bank.separators.comma') }, { value: '.', label: t('finance.bank.separators.point') }, { value: ' ', label: t('finance.bank.separators.space') }, { value: "'", label: t('finance.bank.separators.apostrophe') }]} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item label={t('finance.bank.skipRows')} htmlFor="csv-skip">
            <InputNumber id="csv-skip" style={{ width: '100%' }} min={0} max={50} value={state.skipRows} onChange={(v) => set({ skipRows: Number(v ?? 0) })} />
          </Form.Item>
        </Col>
        <Col xs={24} md={7}>
          <Form.Item label={t('finance.bank.amountMode')}>
            <Radio.Group value={state.amountMode} onChange={(e) => set({ amountMode: e.target.value })} options={[
              { value: 'signed', label: t('finance.bank.signed') }, { value: 'debit_credit', label: t('finance.bank.debitCredit') },
            ]} />
          </Form.Item>
        </Col>
      </Row>
      <Space wrap style={{ marginBottom: 12 }}>
        <Checkbox checked={state.hasHeader} onChange={(e) => set({ hasHeader: e.target.checked })} data-testid="csv-has-header">{t('finance.bank.hasHeader')}</Checkbox>
        {state.amountMode === 'signed' && <Checkbox checked={state.outflowPositive} onChange={(e) => set({ outflowPositive: e.target.checked })}>{t('finance.bank.outflowPositive')}</Checkbox>}
      </Space>
      <Row gutter={12}>
        {visibleFields.map((field) => (
          <Col xs={12} md={6} lg={3} key={field}>
            <Form.Item label={t(`finance.bank.map.${field}`)} htmlFor={`csv-map-${field}`} required={FIELD_REQUIRED[field] || (field === 'amount') || (state.amountMode === 'debit_credit' && (field === 'debit' || field === 'credit'))}>
              <Select id={`csv-map-${field}`} style={{ width: '100%' }} allowClear value={state.columns[field] ?? undefined} placeholder={t('finance.bank.notMapped')}
                onChange={(v) => set({ columns: { ...state.columns, [field]: v ?? null } })} options={columnOptions} data-testid={`csv-map-${field}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {problems.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={problems.map((p) => t(`finance.bank.mappingProblem.${p}`)).join(' · ')} data-testid="csv-mapping-problems" />}
      <Table
        size="small" pagination={false} rowKey={(_, i) => String(i)} dataSource={preview} data-testid="csv-preview" scroll={{ x: 700 }}
        title={() => t('finance.bank.preview', { n: format.count(preview.length) })}
        footer={() => <span>{t('finance.bank.previewTotal')}: <Amount value={previewTotal(preview)} /></span>}
        columns={[
          { title: t('finance.bank.map.date'), dataIndex: 'date', key: 'd', render: (v: string) => <bdi className="keel-mono">{v}</bdi> },
          { title: t('finance.fields.amount'), dataIndex: 'amount', key: 'a', align: 'end' as const, render: (v: string | null) => (v === null ? <Typography.Text type="danger">{t('finance.bank.unreadable')}</Typography.Text> : <Amount value={v} />) },
          { title: t('finance.bank.map.reference'), dataIndex: 'reference', key: 'r', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.bank.map.counterparty'), dataIndex: 'counterparty', key: 'c', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.bank.map.description'), dataIndex: 'description', key: 'x', render: (v: string) => <bdi>{v}</bdi> },
        ]}
      />
    </Form>
  );
}

const INITIAL_MAPPING: CsvMappingState = {
  delimiter: ',', hasHeader: true, skipRows: 0, dateFormat: 'YYYY-MM-DD', decimalSeparator: '.', thousandsSeparator: '',
  amountMode: 'signed', outflowPositive: false, columns: {},
};

function StatementImport({ accounts }: { accounts: BankAccount[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const [accountId, setAccountId] = useState<number | undefined>(undefined);
  const [format, setFormat] = useState<Format>('csv');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [mapping, setMapping] = useState<CsvMappingState>(INITIAL_MAPPING);
  const [failure, setFailure] = useState<ApiError | null>(null);
  useEffect(() => { if (accountId === undefined && accounts.length > 0) setAccountId(accounts[0].id); }, [accounts, accountId]);

  // A new CSV text: guess the delimiter, the columns and the date format once.
  const adopt = useCallback((next: string) => {
    setText(next);
    setFailure(null);
    if (format !== 'csv' || !next.trim()) return;
    const delimiter = detectDelimiter(next);
    const { header, rows } = splitRows(next, { delimiter, hasHeader: true, skipRows: 0 }, 3);
    const columns = guessColumns(header ?? []);
    const dateSample = columns.date !== undefined && columns.date !== null ? rows[0]?.[columns.date] : undefined;
    const amountSample = columns.amount != null ? rows.map((r) => r[columns.amount!] ?? '').join(' ') : '';
    const decimalComma = /\d,\d{1,2}(\s|$)/.test(amountSample) && !/\d\.\d{1,2}(\s|$)/.test(amountSample);
    setMapping({
      ...INITIAL_MAPPING, delimiter, columns, dateFormat: guessDateFormat(dateSample),
      decimalSeparator: decimalComma ? ',' : '.', thousandsSeparator: decimalComma && /\d\.\d{3}/.test(amountSample) ? '.' : '',
      amountMode: columns.amount == null && columns.debit != null && columns.credit != null ? 'debit_credit' : 'signed',
    });
  }, [format]);

  const problems = format === 'csv' ? mappingProblems(mapping) : [];
  const submit = () => run('import', async () => {
    if (!accountId || !text.trim()) return;
    const body: Record<string, unknown> = { format, content: text };
    if (format === 'csv') body.mapping = buildMapping(mapping, splitRows(text, mapping, 1).header);
    try {
      const r = await api.request<{ statement_id: number; lines_imported: number; lines_skipped: number }>(`/accounting/bank-accounts/${accountId}/statements`, {
        method: 'POST', body, idempotencyKey: keys.current.keyFor('import', body),
      });
      keys.current.done('import');
      message.success(t('finance.bank.imported', { n: r.data.lines_imported, skipped: r.data.lines_skipped }));
      navigate(`/accounting/bank/statements/${r.data.statement_id}`);
    } catch (error) {
      keys.current.done('import');
      if (error instanceof ApiError) setFailure(error);
      showError(error);
    }
  });

  if (accounts.length === 0) return <Typography.Text type="secondary">{t('finance.bank.noAccounts')}</Typography.Text>;
  return (
    <Form layout="vertical" component="div" data-testid="statement-import">
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item label={t('finance.bank.account')} htmlFor="import-account">
            <Select id="import-account" style={{ width: '100%' }} value={accountId} onChange={setAccountId} data-testid="import-account"
              options={accounts.map((a) => ({ value: a.id, label: `${a.name} · ${a.account_number} · ${a.currency}` }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('finance.bank.format')}>
            <Radio.Group optionType="button" value={format} onChange={(e) => { setFormat(e.target.value); setFailure(null); }} data-testid="import-format"
              options={(['csv', 'camt053', 'ofx'] as Format[]).map((f) => ({ value: f, label: FORMAT_NAMES[f] }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item label={t('finance.bank.file')}>
            <Upload accept=".csv,.txt,.xml,.ofx,.qfx" maxCount={1} showUploadList={false}
              beforeUpload={(file) => { setFileName(file.name); void file.text().then(adopt); return false; }}>
              <Button icon={<UploadOutlined />} data-testid="import-file">{fileName || t('finance.bank.chooseFile')}</Button>
            </Upload>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('finance.bank.paste')} htmlFor="import-text">
        <Input.TextArea id="import-text" rows={6} value={text} onChange={(e) => adopt(e.target.value)} dir="ltr" className="keel-mono" data-testid="import-text"
          placeholder={t(`finance.bank.pastePlaceholder.${format}`)} />
      </Form.Item>
      {format === 'csv' && text.trim() && <CsvMapping text={text} state={mapping} setState={setMapping} />}
      {failure && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="import-failure" data-code={failure.code}
          message={failure.problem.message} description={(failure.problem.fields ?? []).map((f) => `${f.field}: ${f.message}`).join(' · ') || undefined} />
      )}
      <Button type="primary" style={{ marginTop: 12 }} loading={busy !== null} disabled={busy !== null || !text.trim() || problems.length > 0} onClick={() => void submit()} data-testid="import-submit">
        {t('finance.bank.import')}
      </Button>
    </Form>
  );
}

export function BankPage() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { items: accounts, loading, reload } = useBankAccounts();
  const { items: ledger } = useAccounts();
  const { items: journals } = useJournals();
  const [openId, setOpenId] = useState('');
  const statements = useStatements(accounts);
  const mayImport = can(user?.permissions, 'accounting.bank.import');
  return (
    <div data-testid="bank-page">
      <div className="keel-page-head"><Typography.Title level={1}>{t('finance.bank.title')}</Typography.Title></div>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card title={t('finance.bank.accounts')}>
            <Table<BankAccount>
              rowKey="id" size="small" loading={loading} pagination={false} dataSource={accounts} locale={{ emptyText: t('finance.bank.noAccounts') }} data-testid="bank-accounts"
              columns={[
                { title: t('finance.bank.name'), dataIndex: 'name', key: 'n', render: (v: string) => <bdi>{v}</bdi> },
                { title: t('finance.bank.number'), dataIndex: 'account_number', key: 'i', render: (v: string) => <bdi className="keel-mono">{v}</bdi> },
                { title: t('finance.fields.currency'), dataIndex: 'currency', key: 'c' },
                { title: t('finance.bank.ledgerAccount'), dataIndex: 'account_id', key: 'a', render: (v: number) => { const a = ledger.find((x) => x.id === v); return a ? <bdi>{a.code}</bdi> : ''; } },
                { title: t('finance.bank.journal'), dataIndex: 'journal_id', key: 'j', render: (v: number) => journals.find((x) => x.id === v)?.code ?? '' },
              ]}
            />
            {mayImport && <div style={{ marginTop: 16 }}><Typography.Title level={5}>{t('finance.bank.newAccount')}</Typography.Title><NewBankAccount onCreated={reload} /></div>}
          </Card>
        </Col>
        {mayImport && (
          <Col xs={24}>
            <Card title={t('finance.bank.importTitle')}><StatementImport accounts={accounts} /></Card>
          </Col>
        )}
        <Col xs={24}>
          <Card title={t('finance.bank.statements')}>
            <Space wrap style={{ marginBottom: 12 }}>
              <Input aria-label={t('finance.bank.statementNumber')} placeholder={t('finance.bank.statementNumber')} value={openId} dir="ltr" style={{ width: 200 }}
                onChange={(e) => setOpenId(e.target.value.replace(/\D/g, ''))} onPressEnter={() => openId && navigate(`/accounting/bank/statements/${openId}`)} />
              <Button disabled={!openId} onClick={() => navigate(`/accounting/bank/statements/${openId}`)}>{t('common.open')}</Button>
            </Space>
            <List
              size="small" dataSource={statements} locale={{ emptyText: t('finance.bank.noRecent') }}
              renderItem={(s) => (
                <List.Item>
                  <Link to={`/accounting/bank/statements/${s.id}`} data-testid="recent-statement">{t('finance.bank.statementN', { id: format.count(s.id) })}</Link>
                  <span>
                    <bdi>{accounts.find((a) => a.id === s.bank_account_id)?.name ?? ''}</bdi> · {FORMAT_NAMES[s.format as Format] ?? s.format} · {t('finance.bank.linesN', { n: format.count(s.lines_count) })} ·{' '}
                    <Tag color={s.open_lines === 0 ? 'green' : 'orange'}>{t('finance.bank.openLines', { n: format.count(s.open_lines) })}</Tag> {format.dateTime(s.imported_at)}
                  </span>
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

interface StatementLine {
  id: number; line_no: number; date: string; value_date: string; amount: string; currency: string; reference: string; description: string;
  counterparty: string; counterparty_account: string; external_id: string; state: 'open' | 'reconciled'; entry_line_ids: number[];
}
interface Statement { id: number; bank_account_id: number; format: string; imported_at: string; opening_balance: string; closing_balance: string; lines: StatementLine[] }
interface Proposal { entry_line_id: number; entry_id: number; entry_number: string; date: string; amount: string; label: string; reasons: string[]; score: number }

function CounterpartModal({ line, onClose }: { line: StatementLine; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { items: accounts } = useAccounts();
  const showError = useApiError();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const submit = () => run('counterpart', async () => {
    let values: { account_id: number; partner_id?: number; label?: string };
    try { values = await form.validateFields(); } catch { return; }
    const counterpart: Record<string, unknown> = { account_id: values.account_id };
    if (values.partner_id) counterpart.partner_id = values.partner_id;
    if (values.label?.trim()) counterpart.label = values.label.trim();
    const body = { counterpart };
    try {
      await api.request(`/accounting/bank-statement-lines/${line.id}/reconcile`, { method: 'POST', body, idempotencyKey: keys.current.keyFor('counterpart', body) });
      keys.current.done('counterpart');
      message.success(t('finance.bank.reconciled'));
      onClose(true);
    } catch (error) {
      keys.current.done('counterpart');
      showError(error, form);
    }
  });
  return (
    <Modal open title={t('finance.bank.counterpartTitle')} onCancel={() => onClose(false)} onOk={() => void submit()} okText={t('finance.bank.postCounterpart')} cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy !== null, disabled: busy !== null, 'data-testid': 'counterpart-submit' } as never}>
      <Typography.Paragraph type="secondary">{t('finance.bank.counterpartHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" name="counterpart" initialValues={{ label: line.reference || line.description || line.counterparty }}>
        <Form.Item label={t('finance.fields.account')} name="account_id" rules={[{ required: true, message: t('finance.bank.ledgerAccountRequired') }]}>
          <AccountSelect accounts={accounts} data-testid="counterpart-account" />
        </Form.Item>
        <Form.Item label={t('finance.fields.partner')} name="partner_id"><PartnerSelect /></Form.Item>
        <Form.Item label={t('finance.bank.label')} name="label"><Input dir="auto" maxLength={200} /></Form.Item>
      </Form>
    </Modal>
  );
}

export function StatementPage({ id }: { id: number }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const { message } = App.useApp();
  const [statement, setStatement] = useState<Statement | null>(null);
  const [proposals, setProposals] = useState<Record<number, Proposal[]>>({});
  const [notFound, setNotFound] = useState(false);
  const [counterpart, setCounterpart] = useState<StatementLine | null>(null);
  const { items: accounts } = useBankAccounts();
  const showError = useApiError();
  const { busy, run } = useBusy();
  const keys = useRef(new ActionKeys());
  const mayReconcile = can(user?.permissions, 'accounting.bank.reconcile');

  const load = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([
        api.get<Statement>(`/accounting/bank-statements/${id}`),
        api.get<{ lines: { statement_line_id: number; proposals: Proposal[] }[] }>(`/accounting/bank-statements/${id}/proposals`),
      ]);
      setStatement(s);
      setProposals(Object.fromEntries(p.lines.map((l) => [l.statement_line_id, l.proposals])));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else showError(error);
    }
  }, [id, showError]);
  useEffect(() => { void load(); }, [load]);

  const act = (name: string, path: string, body?: unknown) => run(name, async () => {
    try {
      await api.request(path, { method: 'POST', body, idempotencyKey: keys.current.keyFor(name, body ?? {}) });
      keys.current.done(name);
      message.success(t(name.startsWith('unreconcile') ? 'finance.bank.unreconciled' : 'finance.bank.reconciled'));
    } catch (error) {
      keys.current.done(name);
      showError(error);
    }
    await load();
  });

  if (notFound) return <Empty description={t('finance.bank.statementNotFound')} />;
  if (!statement) return <Skeleton active paragraph={{ rows: 8 }} />;
  const account = accounts.find((a) => a.id === statement.bank_account_id);
  const open = statement.lines.filter((l) => l.state === 'open').length;

  return (
    <div data-testid="statement-page">
      <div className="keel-page-head">
        <Space direction="vertical" size={0}>
          <Typography.Title level={1}>{t('finance.bank.statementN', { id: format.count(statement.id) })}</Typography.Title>
          <Typography.Text type="secondary"><bdi>{account?.name ?? ''}</bdi> · {FORMAT_NAMES[statement.format as Format] ?? statement.format} · {format.dateTime(statement.imported_at)}</Typography.Text>
        </Space>
        <Space wrap>
          {statement.opening_balance && <span>{t('finance.bank.opening')}: <Amount value={statement.opening_balance} currency={account?.currency} /></span>}
          {statement.closing_balance && <span>{t('finance.bank.closing')}: <Amount value={statement.closing_balance} currency={account?.currency} /></span>}
          <Tag color={open === 0 ? 'green' : 'orange'} data-testid="open-lines">{t('finance.bank.openLines', { n: format.count(open) })}</Tag>
          <Button onClick={() => navigate('/accounting/bank')}>{t('common.back')}</Button>
        </Space>
      </div>
      <Table<StatementLine>
        rowKey="id" size="middle" pagination={false} dataSource={statement.lines} scroll={{ x: 1000 }} data-testid="statement-lines"
        rowClassName={(l) => `statement-line statement-line-${l.state}`}
        expandable={{
          expandedRowKeys: statement.lines.filter((l) => l.state === 'open').map((l) => l.id),
          showExpandColumn: false,
          rowExpandable: (l) => l.state === 'open',
          expandedRowRender: (l) => {
            const list = proposals[l.id] ?? [];
            return (
              <div data-testid={`proposals-${l.id}`} style={{ paddingInlineStart: 24 }}>
                {list.length === 0 && <Typography.Text type="secondary">{t('finance.bank.noProposals')}</Typography.Text>}
                {list.map((p) => (
                  <div key={p.entry_line_id} className="keel-proposal" style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap', paddingBlock: 4 }} data-testid="proposal">
                    <Tag color="blue">{t('finance.bank.score', { n: format.count(p.score) })}</Tag>
                    <Link to={`/accounting/entries/${p.entry_id}`}><bdi className="keel-mono">{p.entry_number}</bdi></Link>
                    <span>{format.date(p.date)}</span>
                    <Amount value={p.amount} currency={l.currency} />
                    <bdi>{p.label}</bdi>
                    <Space size={2}>{p.reasons.map((r) => <Tag key={r}>{t(`finance.bank.reason.${r}`, { defaultValue: r })}</Tag>)}</Space>
                    {mayReconcile && (
                      <Button size="small" type="primary" disabled={busy !== null} loading={busy === `accept-${l.id}-${p.entry_line_id}`} data-testid={`accept-${l.id}`}
                        onClick={() => void act(`accept-${l.id}-${p.entry_line_id}`, `/accounting/bank-statement-lines/${l.id}/reconcile`, { entry_line_ids: [p.entry_line_id] })}>
                        {t('finance.bank.accept')}
                      </Button>
                    )}
                  </div>
                ))}
              </div>
            );
          },
        }}
        columns={[
          { title: '#', dataIndex: 'line_no', key: 'n', width: 50, render: (v: number) => format.count(v) },
          { title: t('finance.fields.date'), dataIndex: 'date', key: 'd', render: (v: string) => format.date(v) },
          { title: t('finance.fields.amount'), key: 'a', align: 'end' as const, render: (_: unknown, l: StatementLine) => <Amount value={l.amount} currency={l.currency} /> },
          { title: t('finance.bank.map.reference'), dataIndex: 'reference', key: 'r', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.bank.map.counterparty'), dataIndex: 'counterparty', key: 'c', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.bank.map.description'), dataIndex: 'description', key: 'x', render: (v: string) => <bdi>{v}</bdi> },
          { title: t('finance.fields.state'), dataIndex: 'state', key: 's', render: (v: string, l: StatementLine) => <StateTag state={v} testId={`line-state-${l.id}`} /> },
          {
            title: t('common.actions'), key: 'act',
            render: (_: unknown, l: StatementLine) => (!mayReconcile ? null : l.state === 'open'
              ? <Button size="small" disabled={busy !== null} onClick={() => setCounterpart(l)} data-testid={`counterpart-${l.id}`}>{t('finance.bank.byHand')}</Button>
              : <Button size="small" disabled={busy !== null} loading={busy === `unreconcile-${l.id}`} data-testid={`unreconcile-${l.id}`}
                onClick={() => void act(`unreconcile-${l.id}`, `/accounting/bank-statement-lines/${l.id}/unreconcile`)}>{t('finance.bank.unreconcile')}</Button>),
          },
        ]}
      />
      {counterpart && <CounterpartModal line={counterpart} onClose={(changed) => { setCounterpart(null); if (changed) void load(); }} />}
    </div>
  );
}
