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
