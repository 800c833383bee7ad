import { bcp47, type Language } from './format';

/** The country's name in the language ("DE" → "Deutschland"/"Germany"/"آلمان"), or the code. */
export function countryName(code: string | null | undefined, language: Language): string {
  if (!code) return '';
  try {
    const names = new Intl.DisplayNames([bcp47(language)], { type: 'region' });
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** The language's own name for a language code ("fa" → "Persian" in English). */
export function languageName(code: string | null | undefined, language: Language): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([bcp47(language)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
