import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en';
import fa from './locales/fa';
import he from './locales/he';
import zh from './locales/zh';
import lt from './locales/lt';
import type { Language } from '../lib/format';

export const resources = { en: { translation: en }, fa: { translation: fa }, he: { translation: he }, zh: { translation: zh }, lt: { translation: lt } };

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
