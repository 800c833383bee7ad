import type { TFunction } from 'i18next';

/**
 * The text to show for an API error code: the translation when the app knows the code and the
 * language is not English, else the server's own message (in English, often more specific).
 */
export function apiMessage(t: TFunction, language: string, code: string, serverMessage: string): string {
  if (language !== 'en') {
    const key = `apiErrors.${code}`;
    const translated = t(key, { defaultValue: '' });
    if (translated) return translated;
  }
  return serverMessage || code;
}
