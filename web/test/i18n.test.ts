import { describe, expect, it } from 'vitest';
import { resources } from '../src/i18n';

type Tree = { [k: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, prefix + k + '.')));
}

// Strings that are the same in every language on purpose: language names, sample numbers,
// product name, and CSV column names (the file format is not translated).
const SAME_EVERYWHERE = /^(lang\.|app\.name$|settings\.numberFormats\.(comma_dot|dot_comma|space_comma)$)/;

describe('translations', () => {
  const english = new Map(leaves(resources.en.translation as unknown as Tree));
  const others = { fa: resources.fa.translation, he: resources.he.translation, zh: resources.zh.translation, lt: resources.lt.translation };
  for (const [language, messages] of Object.entries(others)) {
    it(`${language} has every key and no English left`, () => {
      const translated = new Map(leaves(messages as unknown as Tree));
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      const untranslated = [...english].filter(([key, text]) => !SAME_EVERYWHERE.test(key) && translated.get(key) === text);
      expect(untranslated).toEqual([]);
      for (const [key, text] of english) {
        const placeholders = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort().join();
        expect(placeholders(translated.get(key)!), `${language}:${key}`).toBe(placeholders(text));
      }
    });
  }
});

describe('refusals of the order-to-cash modules', () => {
  it('are merged into apiErrors, shown in the user’s language instead of the server’s English', async () => {
    const { apiMessage } = await import('../src/lib/apiMessage');
    const i18next = (await import('i18next')).default;
    const t = await i18next.createInstance().init({ resources, lng: 'fa', fallbackLng: 'en' });
    expect(apiMessage(t, 'fa', 'credit_limit_exceeded', 'the order would pass the credit limit')).toBe(
      (resources.fa.translation.apiErrors as Record<string, string>).credit_limit_exceeded);
    expect(apiMessage(t, 'fa', 'lot_expired', 'lot L1 expired')).toBe('تاریخ انقضای این بچ گذشته است.');
    // Partners' own codes are still there, and English keeps the server's words.
    expect(apiMessage(t, 'fa', 'party_name_invalid', 'x')).not.toBe('x');
    expect(apiMessage(t, 'en', 'lot_expired', 'lot L1 expired')).toBe('lot L1 expired');
  });
});
