// Messages of the inventory screens, merged under their own top-level key by src/i18n/index.ts.
import type { Language } from '../../lib/format';

export const INVENTORY_MESSAGES: Record<Language, Record<string, unknown>> = {
  en: { title: 'Inventory' },
  fa: { title: 'انبار' },
  he: { title: 'מלאי' },
  zh: { title: '库存' },
  lt: { title: 'Atsargos' },
};
