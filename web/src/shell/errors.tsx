// Shows API errors: the server's message in a notification, field errors beside their inputs.
import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemToFormFields, type NamePath } from '../lib/problem';
import { apiMessage } from '../lib/apiMessage';

function formHasField(form: FormInstance, name: NamePath): boolean {
  // A field exists when the form has a registered input for the path.
  try {
    return form.getFieldInstance(name) !== undefined || form.isFieldTouched(name) || hasRegistered(form, name);
  } catch {
    return false;
  }
}

function hasRegistered(form: FormInstance, name: NamePath): boolean {
  const key = JSON.stringify(name);
  return form.getFieldsError().some((f) => JSON.stringify(f.name) === key);
}

export function useApiError() {
  const { notification } = App.useApp();
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (!(error instanceof ApiError)) {
        notification.error({ message: t('errors.network'), description: error instanceof Error ? error.message : undefined, placement: 'top' });
        return;
      }
      if (error.status === 401) return; // the shell returns to the login page
      const say = (code: string, text: string) => apiMessage(t, i18n.language, code, text);
      const problem = { ...error.problem, fields: error.problem.fields?.map((f) => ({ ...f, message: say(f.code, f.message) })) };
      let extra: string[] = [];
      if (form) {
        const { fields, unmatched } = problemToFormFields(problem, (name) => formHasField(form, name));
        form.setFields(fields);
        extra = unmatched.map((f) => `${f.field}: ${f.message}`);
        if (fields.length > 0) {
          const first = fields[0].name;
          form.scrollToField(first, { block: 'center' });
          form.focusField?.(first);
        }
      } else {
        extra = (problem.fields ?? []).map((f) => `${f.field}: ${f.message}`);
      }
      const description = (
        <div>
          {extra.length > 0 && <ul style={{ paddingInlineStart: 18, margin: 0 }}>{extra.map((line) => <li key={line}>{line}</li>)}</ul>}
          {form && (error.problem.fields?.length ?? 0) > extra.length && <div>{t('errors.fieldsBelow')}</div>}
          {error.problem.request_id && <div style={{ opacity: 0.6, fontSize: 12 }}>{t('common.requestId', { id: error.problem.request_id })}</div>}
        </div>
      );
      notification.error({
        message: <span dir="auto">{say(error.problem.code, error.problem.message) || t('errors.unknown')}</span>,
        description,
        placement: 'top',
        className: 'keel-api-error',
        props: { 'data-code': error.problem.code } as never,
      });
    },
    [notification, t, i18n],
  );
}
