// Messages of the ledger screens, in every language (test/i18n.test.ts checks they match).
import type { Language } from '../../../lib/format';

const en = {
  title: 'ledger',
};
type Messages = typeof en;

export const LEDGER_MESSAGES: Record<Language, Messages> = {
  en,
  fa: { title: 'ledger (fa)' },
  he: { title: 'ledger (he)' },
  zh: { title: 'ledger (zh)' },
  lt: { title: 'ledger (lt)' },
};
