import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionKeys } from '../lib/idempotency';
import { LANGUAGES, type Language } from '../lib/format';
import { useApiError } from '../shell/errors';
import { useSession } from '../shell/session';

export function LoginPage() {
  const { t } = useTranslation();
  const { login, expired, settings, previewLanguage } = useSession();
  const [form] = Form.useForm<{ email: string; password: string }>();
  const [busy, setBusy] = useState(false);
  const keys = useRef(new ActionKeys());
  const showError = useApiError();

  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    const key = keys.current.keyFor('login', { email: values.email });
    try {
      await login(values.email.trim(), values.password, key);
      keys.current.done('login');
    } catch (error) {
      keys.current.done('login');
      showError(error, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="keel-login">
      <Card>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16, gap: 8 }}>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('login.title')}</Typography.Title>
          <Select
            aria-label={t('shell.languageSwitch')}
            value={settings.language}
            onChange={(value: Language) => previewLanguage(value)}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            style={{ minWidth: 110 }}
            data-testid="login-language"
          />
        </div>
        {expired && <Alert type="info" showIcon message={t('login.sessionExpired')} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} name="login">
          <Form.Item label={t('login.email')} name="email" rules={[{ required: true, message: t('login.emailRequired') }]}>
            <Input type="email" autoComplete="username" autoFocus dir="ltr" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" dir="ltr" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>{t('login.submit')}</Button>
        </Form>
      </Card>
    </main>
  );
}
