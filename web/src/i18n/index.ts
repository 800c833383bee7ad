import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en';
import fa from './locales/fa';
import he from './locales/he';
import zh from './locales/zh';
import lt from './locales/lt';
import type { Language } from '../lib/format';
import { ACCOUNTING_MESSAGES } from '../pages/accounting/i18n';
import { LEDGER_MESSAGES } from '../pages/accounting/ledger/i18n';
import { FINANCE_MESSAGES } from '../pages/accounting/finance/i18n';
import { INVENTORY_MESSAGES } from '../pages/inventory/i18n';
import { SALES_MESSAGES } from '../pages/sales/i18n';
import { INVENTORY_ERRORS } from '../pages/inventory/errors';
import { SALES_ERRORS } from '../pages/sales/errors';
import { CRM_MESSAGES } from '../pages/crm/i18n';
import { CRM_ERRORS } from '../pages/crm/errors';

// Each module keeps its messages next to its pages, under its own top-level key.
function messages(language: Language, base: { apiErrors: object }) {
  return { ...base, apiErrors: { ...base.apiErrors, ...INVENTORY_ERRORS[language], ...SALES_ERRORS[language], ...CRM_ERRORS[language] }, acc: ACCOUNTING_MESSAGES[language], ledger: LEDGER_MESSAGES[language], finance: FINANCE_MESSAGES[language], inv: INVENTORY_MESSAGES[language], sales: SALES_MESSAGES[language], crm: CRM_MESSAGES[language] };
}

export const resources = {
  en: { translation: messages('en', en) },
  fa: { translation: messages('fa', fa) },
  he: { translation: messages('he', he) },
  zh: { translation: messages('zh', zh) },
  lt: { translation: messages('lt', lt) },
};

export const RTL_LANGUAGES: Language[] = ['fa', 'he'];
export function directionOf(language: Language): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.includes(language) ? 'rtl' : 'ltr';
}

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('keel.language') : null;

void i18next.use(initReactI18next).init({
  resources,
  lng: stored ?? 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18next;
