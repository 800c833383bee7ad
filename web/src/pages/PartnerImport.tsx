import { Alert, Button, Card, Form, Input, Progress, Space, Table, Typography, App } from 'antd';
import { CheckOutlined, FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../api/types';
import { postCsv, type UploadProgress } from '../api/upload';
import { ActionKeys } from '../lib/idempotency';
import { ApiError } from '../lib/problem';
import { apiMessage } from '../lib/apiMessage';
import { useApiError } from '../shell/errors';
import { navigate } from '../shell/router';
import { useSession } from '../shell/session';

type Phase = 'idle' | 'read' | UploadProgress['phase'];

/** The row errors of a refused real import (422 import_rows_invalid), from "rows/<n>/<column>" fields. */
export function importErrorsOf(error: ApiError): ImportReport['errors'] | null {
  if (error.code !== 'import_rows_invalid') return null;
  const listed = (error.problem as { errors?: ImportReport['errors'] }).errors;
  if (Array.isArray(listed)) return listed;
  return (error.problem.fields ?? []).map((f) => {
    const match = /^rows\/(\d+)\/?(.*)$/.exec(f.field);
    return { row: match ? Number(match[1]) : 0, field: match ? match[2] : f.field, code: f.code, message: f.message };
  });
}

export function PartnerImportPage() {
  const { t, i18n } = useTranslation();
  const { format } = useSession();
  const { message } = App.useApp();
  const [csv, setCsv] = useState('');
  const [checked, setChecked] = useState<{ csv: string; report: ImportReport } | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [percent, setPercent] = useState(0);
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null);
  const [result, setResult] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const keys = useRef(new ActionKeys());
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileName, setFileName] = useState('');
  const showError = useApiError();

  const readFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    const reader = new FileReader();
    setPhase('read');
    reader.onprogress = (e) => e.lengthComputable && setPercent(Math.round((e.loaded / e.total) * 100));
    reader.onload = () => { setCsv(String(reader.result ?? '')); setChecked(null); setResult(null); setPhase('idle'); setPercent(0); };
    reader.readAsText(file, 'utf-8');
  };

  const progress = (p: UploadProgress) => { setPhase(p.phase); setPercent(p.percent); };

  const run = async (dryRun: boolean) => {
    if (!csv.trim()) { message.warning(t('import.empty')); return; }
    const action = dryRun ? 'check' : 'commit';
    setBusy(action);
    setResult(null);
    try {
      const key = keys.current.keyFor(action, { csv });
      const report = await postCsv<ImportReport>('/partners/import', { dry_run: String(dryRun) }, csv, key, progress);
      keys.current.done(action);
      if (dryRun) setChecked({ csv, report });
      else {
        setChecked(null);
        setResult({ type: 'success', text: t('import.done', { created: format.count(report.created) }) });
      }
    } catch (error) {
      keys.current.done(action);
      const rowErrors = error instanceof ApiError ? importErrorsOf(error) : null;
      if (rowErrors) {
        setChecked({ csv, report: { rows: 0, valid: 0, created: 0, errors: rowErrors } });
        setResult({ type: 'error', text: t('import.rejected') });
      } else {
        showError(error);
      }
    } finally {
      setBusy(null);
    }
  };

  const report = checked?.csv === csv ? checked.report : null;
  const canCommit = !!report && report.errors.length === 0 && report.valid > 0;

  return (
    <div data-testid="partner-import">
      <div className="keel-page-head"><Typography.Title level={1}>{t('import.title')}</Typography.Title></div>
      <Card>
        <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
        <Form layout="vertical" name="import">
          <Form.Item label={t('import.file')} htmlFor="import-file">
            <Space>
              <input id="import-file" ref={fileInput} type="file" accept=".csv,text/csv" onChange={readFile} data-testid="import-file" style={{ display: 'none' }} />
              <Button icon={<FileTextOutlined />} onClick={() => fileInput.current?.click()}>{t('import.choose')}</Button>
              <Typography.Text type="secondary"><bdi>{fileName || t('import.noFile')}</bdi></Typography.Text>
            </Space>
          </Form.Item>
          <Form.Item label={t('import.text')} htmlFor="import-text" extra={t('import.textHelp')}>
            <Input.TextArea id="import-text" rows={8} value={csv} onChange={(e) => { setCsv(e.target.value); setResult(null); }} dir="ltr" className="keel-mono" data-testid="import-text" />
          </Form.Item>
          <Space wrap>
            <Button icon={<CheckOutlined />} onClick={() => run(true)} loading={busy === 'check'} disabled={busy !== null} data-testid="import-check">
              {busy === 'check' ? t('import.checking') : t('import.check')}
            </Button>
            <Button type="primary" icon={<UploadOutlined />} onClick={() => run(false)} loading={busy === 'commit'} disabled={!canCommit || busy !== null} data-testid="import-commit"
              title={canCommit ? undefined : t('import.mustCheck')}>
              {busy === 'commit' ? t('import.importing') : t('import.commit')}
            </Button>
            <Button onClick={() => navigate('/partners')}>{t('common.back')}</Button>
          </Space>
        </Form>
        {phase !== 'idle' && (
          <div style={{ marginTop: 16 }} data-testid="import-progress">
            <Typography.Text>{t(`import.phase.${phase}`)}</Typography.Text>
            <Progress percent={percent} status={phase === 'done' ? 'success' : 'active'} aria-label={t('import.progress')}
              format={(p) => `${format.count(p ?? 0)}٪`.replace('٪', format.style.persianDigits ? '٪' : '%')} />
          </div>
        )}
      </Card>
      {result && <Alert style={{ marginTop: 16 }} type={result.type} showIcon message={result.text} data-testid="import-result" />}
      {report && (
        <Card style={{ marginTop: 16 }} title={t('import.errorsTitle')} data-testid="import-report">
          <Alert
            type={report.errors.length ? 'error' : 'success'} showIcon style={{ marginBottom: 16 }}
            message={t('import.summary', { rows: format.count(report.rows), valid: format.count(report.valid), errors: format.count(new Set(report.errors.map((e) => e.row)).size) })}
            description={report.errors.length ? t('import.hasErrors') : t('import.ready')}
          />
          {report.errors.length > 0 && (
            <Table
              size="small" rowKey={(e) => `${e.row}-${e.field}-${e.code}`} pagination={report.errors.length > 50 ? { pageSize: 50 } : false}
              dataSource={report.errors} data-testid="import-errors"
              columns={[
                { title: t('import.columns.row'), dataIndex: 'row', width: 80, render: (r: number) => format.count(r) },
                { title: t('import.columns.field'), dataIndex: 'field', width: 140, render: (f: string) => <span className="keel-mono">{f}</span> },
                { title: t('import.columns.code'), dataIndex: 'code', width: 220, render: (c: string) => <span className="keel-mono">{c}</span> },
                { title: t('import.columns.message'), dataIndex: 'message', render: (m: string, e: ImportReport['errors'][number]) => <span dir="auto">{apiMessage(t, i18n.language, e.code, m)}</span> },
              ]}
            />
          )}
        </Card>
      )}
    </div>
  );
}
