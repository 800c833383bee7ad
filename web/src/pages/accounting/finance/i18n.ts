// Messages of the finance screens, in every language (test/i18n.test.ts checks they match).
import type { Language } from '../../../lib/format';

const en = {
  title: 'finance',
};
type Messages = typeof en;

export const FINANCE_MESSAGES: Record<Language, Messages> = {
  en,
  fa: { title: 'finance (fa)' },
  he: { title: 'finance (he)' },
  zh: { title: 'finance (zh)' },
  lt: { title: 'finance (lt)' },
};
