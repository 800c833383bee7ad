// Timelines of a partner, an opportunity or a lead (newest first, older pages on demand), the
// small form that logs a call, email, meeting, note or task on one, and the reminders of
// overdue tasks beside the CRM navigation. Subjects and bodies are people's text: always
// rendered as text.
import { Badge, Button, Drawer, Empty, Form, Input, List, Radio, Skeleton, Space, Tag, Timeline as AntTimeline, Typography } from 'antd';
import {
  BellOutlined, CalendarOutlined, CheckOutlined, CheckSquareOutlined, FileTextOutlined, FormOutlined, MailOutlined, MessageOutlined, PhoneOutlined,
} from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { KeelDatePicker } from '../../components/DatePicker';
import { dayjs, toIsoDate } from '../../lib/dates';
import { can } from '../../lib/navigation';
import { useApiError } from '../../shell/errors';
import { Link } from '../../shell/router';
import { useSession } from '../../shell/session';
import { CRM, useUserNames } from './api';
import { LOGGABLE_KINDS, toInstant, type Activity, type ActivityKind } from './model';
import { OwnerName, command } from './shared';

export type TimelineTarget = { partner_id: number } | { opportunity_id: number } | { lead_id: number };

const ICONS: Record<ActivityKind, ReactNode> = {
  call: <PhoneOutlined />, email: <MailOutlined />, meeting: <CalendarOutlined />, note: <FileTextOutlined />, task: <CheckSquareOutlined />,
  web_form: <FormOutlined />, social: <MessageOutlined />,
};
const COLORS: Record<ActivityKind, string> = { call: 'blue', email: 'cyan', meeting: 'purple', note: 'gray', task: 'orange', web_form: 'green', social: 'magenta' };

/** Tells the reminders to ask again (a task was logged or completed). */
function remindersChanged() {
  window.dispatchEvent(new Event('keel:crm-reminders'));
}

/** When an activity happens: a meeting's start, a task's due date, else when it was logged. */
function When({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { format } = useSession();
  if (activity.kind === 'meeting' && activity.starts_at) {
    return <>{t('crm.timeline.meetingAt', { start: format.dateTime(activity.starts_at), end: activity.ends_at ? dayjs(activity.ends_at).format('HH:mm') : '' })}</>;
  }
  if (activity.kind === 'task' && activity.due_date) return <>{t('crm.timeline.due', { date: format.date(activity.due_date) })}</>;
  return <>{format.dateTime(activity.created_at)}</>;
}

function ActivityItem({ activity, names, onComplete }: { activity: Activity; names: Record<number, string>; onComplete?: () => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="timeline-item" data-kind={activity.kind} data-overdue={activity.overdue} data-id={activity.id}>
      <Space wrap size={6}>
        <Typography.Text strong><bdi>{activity.subject}</bdi></Typography.Text>
        <Tag>{t(`crm.kind.${activity.kind}`)}</Tag>
        {activity.direction && <Tag>{t(`crm.direction.${activity.direction}`, { defaultValue: activity.direction })}</Tag>}
        {activity.channel && <Tag><bdi>{activity.channel}</bdi></Tag>}
        {activity.overdue && <Tag color="red" data-testid="overdue-tag">{t('crm.timeline.overdue')}</Tag>}
        {activity.kind === 'task' && activity.done_at && <Tag color="green">{t('crm.timeline.done')}</Tag>}
        {onComplete && activity.kind === 'task' && !activity.done_at && (
          <Button size="small" icon={<CheckOutlined />} onClick={onComplete} data-testid="complete-task">{t('crm.timeline.complete')}</Button>
        )}
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <When activity={activity} /> · <OwnerName id={activity.user_id} names={names} />
        </Typography.Text>
      </div>
      {activity.body && <Typography.Paragraph className="keel-activity-body" dir="auto">{activity.body}</Typography.Paragraph>}
    </div>
  );
}

/** A timeline with its log form: the partner page's tab, the lead page and the opportunity drawer. */
export function Timeline({ target }: { target: TimelineTarget }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const showError = useApiError();
  const names = useUserNames();
  const [items, setItems] = useState<Activity[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const targetKey = JSON.stringify(target);
  const mayWrite = can(user?.permissions, 'crm.activity.write');

  const load = useCallback(async (before: string | null) => {
    const page = await api.get<Page<Activity>>(CRM.timeline, { ...JSON.parse(targetKey), before: before ?? undefined, limit: 25 });
    setItems((old) => (before && old ? [...old, ...page.items] : page.items));
    setCursor(page.next_cursor);
  }, [targetKey]);
  useEffect(() => { setItems(null); load(null).catch((e) => { setItems([]); showError(e); }); }, [load, showError]);

  const complete = async (activity: Activity) => {
    try {
      const done = await command<Activity>(CRM.completeActivity(activity.id), { version: activity.version });
      setItems((list) => list?.map((a) => (a.id === done.id ? done : a)) ?? list);
      remindersChanged();
    } catch (error) {
      showError(error);
    }
  };

  return (
    <div data-testid="timeline">
      {mayWrite && <LogActivityForm target={target} onLogged={(a) => { setItems((list) => [a, ...(list ?? [])]); if (a.kind === 'task') remindersChanged(); }} />}
      {items === null ? <Skeleton active /> : items.length === 0 ? <Empty description={t('crm.timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> : (
        <AntTimeline
          style={{ marginTop: 16 }}
          items={items.map((a) => ({
            key: a.id,
            dot: <span className="keel-activity-icon" aria-label={t(`crm.kind.${a.kind}`)}>{ICONS[a.kind]}</span>,
            color: a.overdue ? 'red' : COLORS[a.kind],
            children: <ActivityItem activity={a} names={names} onComplete={mayWrite ? () => void complete(a) : undefined} />,
          }))}
        />
      )}
      {cursor && (
        <Button loading={loadingMore} onClick={() => { setLoadingMore(true); load(cursor).catch(showError).finally(() => setLoadingMore(false)); }} data-testid="timeline-more">
          {t('crm.timeline.older')}
        </Button>
      )}
    </div>
  );
}

interface LogValues {
  kind: ActivityKind;
  subject: string;
  body?: string;
  direction?: string;
  due_date?: Dayjs | null;
  day?: Dayjs | null;
  start?: string;
  end?: string;
}

/** The meeting's instant from its day and a local "HH:mm". */
function meetingInstant(day: Dayjs, time: string): string {
  return toInstant(dayjs(`${toIsoDate(day)}T${time}`).toDate());
}

function LogActivityForm({ target, onLogged }: { target: TimelineTarget; onLogged: (a: Activity) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<LogValues>();
  const kind = (Form.useWatch('kind', form) as ActivityKind | undefined) ?? 'call';
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const submit = async (v: LogValues) => {
    setBusy(true);
    try {
      const body: Record<string, unknown> = { ...target, kind: v.kind, subject: v.subject.trim(), body: v.body?.trim() || undefined };
      if ((v.kind === 'call' || v.kind === 'email') && v.direction) body.direction = v.direction;
      if (v.kind === 'task' && v.due_date) body.due_date = toIsoDate(v.due_date);
      if (v.kind === 'meeting' && v.day && v.start && v.end) {
        body.starts_at = meetingInstant(v.day, v.start);
        body.ends_at = meetingInstant(v.day, v.end);
      }
      const logged = await command<Activity>(CRM.activities, body);
      form.resetFields(['subject', 'body', 'due_date', 'day', 'start', 'end']);
      onLogged(logged);
    } catch (error) {
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<LogValues> form={form} layout="vertical" name="log-activity" onFinish={submit} initialValues={{ kind: 'call', direction: 'outbound' }}
      className="keel-log-activity" data-testid="log-activity">
      <Form.Item name="kind" label={t('crm.timeline.log')}>
        <Radio.Group optionType="button" options={LOGGABLE_KINDS.map((k) => ({ value: k, label: <span data-testid={`log-kind-${k}`}>{ICONS[k]} {t(`crm.kind.${k}`)}</span> }))} />
      </Form.Item>
      <Form.Item name="subject" label={t('crm.fields.subject')} rules={[{ required: true, whitespace: true, message: t('crm.subjectRequired') }]}>
        <Input maxLength={300} dir="auto" data-testid="log-subject" />
      </Form.Item>
      {(kind === 'call' || kind === 'email') && (
        <Form.Item name="direction" label={t('crm.fields.direction')}>
          <Radio.Group options={[{ value: 'outbound', label: t('crm.direction.outbound') }, { value: 'inbound', label: t('crm.direction.inbound') }]} />
        </Form.Item>
      )}
      {kind === 'task' && (
        <Form.Item name="due_date" label={t('crm.fields.dueDate')} rules={[{ required: true, message: t('crm.dueDateRequired') }]}>
          <KeelDatePicker data-testid="log-due-date" />
        </Form.Item>
      )}
      {kind === 'meeting' && (
        <Space wrap align="start">
          <Form.Item name="day" label={t('crm.fields.day')} rules={[{ required: true, message: t('crm.dueDateRequired') }]}>
            <KeelDatePicker />
          </Form.Item>
          <Form.Item name="start" label={t('crm.fields.startsAt')} rules={[{ required: true, message: t('crm.timeRequired') }]}>
            <Input type="time" style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="end" label={t('crm.fields.endsAt')} rules={[{ required: true, message: t('crm.timeRequired') }]}>
            <Input type="time" style={{ width: 130 }} />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="body" label={t('crm.fields.body')}>
        <Input.TextArea rows={2} maxLength={10000} dir="auto" data-testid="log-body" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="log-submit">{t('crm.timeline.submit')}</Button>
    </Form>
  );
}

/** Where an activity belongs, as a link. */
function TargetLink({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  if (activity.opportunity_id) return <Link to={`/crm/pipeline?opportunity=${activity.opportunity_id}`}>{t('crm.timeline.openOpportunity')}</Link>;
  if (activity.lead_id) return <Link to={`/crm/leads/${activity.lead_id}`}>{t('crm.timeline.openLead')}</Link>;
  if (activity.partner_id) return <Link to={`/partners/${activity.partner_id}`}>{t('crm.timeline.openPartner')}</Link>;
  return null;
}

/** The caller's overdue tasks: a badge beside the CRM navigation, the list in a drawer. */
export function Reminders() {
  const { t } = useTranslation();
  const { user, format } = useSession();
  const showError = useApiError();
  const [overdue, setOverdue] = useState<Activity[] | null>(null);
  const [open, setOpen] = useState(false);
  const mayRead = can(user?.permissions, 'crm.activity.read');
  const mayWrite = can(user?.permissions, 'crm.activity.write');
  const load = useCallback(() => {
    api.get<{ overdue: Activity[] }>(CRM.reminders).then((r) => setOverdue(r.overdue)).catch(() => setOverdue([]));
  }, []);
  useEffect(() => {
    if (!mayRead) return;
    load();
    window.addEventListener('keel:crm-reminders', load);
    return () => window.removeEventListener('keel:crm-reminders', load);
  }, [mayRead, load]);
  if (!mayRead) return null;
  const count = overdue?.length ?? 0;
  const complete = async (a: Activity) => {
    try {
      await command<Activity>(CRM.completeActivity(a.id), { version: a.version });
      load();
    } catch (error) {
      showError(error);
    }
  };
  return (
    <>
      <Badge count={count > 0 ? format.count(count) : 0} showZero={false} offset={[-4, 4]} data-testid="reminders-badge" data-count={count}>
        <Button icon={<BellOutlined />} onClick={() => setOpen(true)} data-testid="reminders-open" danger={count > 0}>
          {t('crm.reminders.title')}
        </Button>
      </Badge>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('crm.reminders.title')} width={480}>
        <div data-testid="reminders">
          <List
            dataSource={overdue ?? []}
            locale={{ emptyText: t('crm.reminders.none') }}
            renderItem={(a) => (
              <List.Item data-testid="reminder" actions={mayWrite ? [<Button key="done" size="small" icon={<CheckOutlined />} onClick={() => void complete(a)}>{t('crm.timeline.complete')}</Button>] : []}>
                <List.Item.Meta
                  title={<bdi>{a.subject}</bdi>}
                  description={<Space wrap size={6}><Tag color="red">{t('crm.timeline.due', { date: format.date(a.due_date) })}</Tag><TargetLink activity={a} /></Space>}
                />
              </List.Item>
            )}
          />
        </div>
      </Drawer>
    </>
  );
}
