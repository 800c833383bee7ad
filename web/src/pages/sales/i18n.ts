// Messages of the sales screens, merged under their own top-level key by src/i18n/index.ts.
import type { Language } from '../../lib/format';

export const SALES_MESSAGES: Record<Language, Record<string, unknown>> = {
  en: { title: 'Sales' },
  fa: { title: 'فروش' },
  he: { title: 'מכירות' },
  zh: { title: '销售' },
  lt: { title: 'Pardavimai' },
};
