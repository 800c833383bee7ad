// What the CRM screens share: state tags, owner names, a refusal shown in place with a reload,
// and the POST of a command that carries the version it read.
import { Alert, Button, Tag } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { apiMessage } from '../../lib/apiMessage';
import { ApiError } from '../../lib/problem';
import { useSession } from '../../shell/session';
import type { LeadState, OpportunityState } from './model';

const LEAD_COLORS: Record<LeadState, string> = { new: 'blue', qualified: 'cyan', converted: 'green', disqualified: 'default' };
const OPPORTUNITY_COLORS: Record<OpportunityState, string> = { open: 'processing', won: 'success', lost: 'error' };

export function LeadStateTag({ state, testId }: { state: LeadState; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={LEAD_COLORS[state] ?? 'default'} data-testid={testId} data-state={state}>{t(`crm.leadState.${state}`, { defaultValue: state })}</Tag>;
}

export function OpportunityStateTag({ state, testId }: { state: OpportunityState; testId?: string }) {
  const { t } = useTranslation();
  return <Tag color={OPPORTUNITY_COLORS[state] ?? 'default'} data-testid={testId} data-state={state}>{t(`crm.opportunityState.${state}`, { defaultValue: state })}</Tag>;
}

/** An owner: their name when the app knows it, "me" for the signed-in user, else "#id". */
export function OwnerName({ id, names }: { id: number; names: Record<number, string> }) {
  const { t } = useTranslation();
  const { user, format } = useSession();
  if (names[id]) return <bdi>{names[id]}</bdi>;
  if (user?.id === id) return <>{t('crm.me')}</>;
  return <bdi>#{format.count(id)}</bdi>;
}

/** The words for a refusal: translated by its code, else the server's message. */
export function useProblemText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) return apiMessage(t, i18n.language, error.problem.code, error.problem.message) || t('errors.unknown');
    return error instanceof Error ? error.message : String(error);
  };
}

/** A refusal shown where it happened, with a reload of what the screen shows. */
export function ProblemAlert({ error, onReload, testId = 'crm-problem' }: { error: unknown; onReload: () => void; testId?: string }) {
  const { t } = useTranslation();
  const text = useProblemText();
  const code = error instanceof ApiError ? error.problem.code : 'network';
  const conflict = code === 'version_conflict';
  return (
    <Alert
      type={conflict ? 'warning' : 'error'} showIcon role="alert" data-testid={testId} data-code={code} style={{ marginBottom: 16 }}
      message={<span dir="auto">{conflict ? t('crm.conflictTitle') : text(error)}</span>}
      description={conflict ? t('crm.conflictText') : undefined}
      action={<Button icon={<ReloadOutlined />} onClick={onReload} data-testid={`${testId}-reload`}>{t('common.reload')}</Button>}
    />
  );
}

/** POSTs a command and returns the server's answer. */
export async function command<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const response = await api.request<T>(path, { method: 'POST', body });
  return response.data;
}
