// The signed-in user, their preferences, and the formatting that follows from them.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import i18next from '../i18n';
import { api } from '../api/client';
import type { LoginResponse, Preferences, User } from '../api/types';
import { formatCount, formatDecimal, formatMoney, isLanguage, numberStyle, type Language, type NumberStyle } from '../lib/format';
import { formatDate, type Calendar } from '../lib/dates';

export interface Settings {
  language: Language;
  numberFormat: string;
  dateFormat: string;
  calendar: Calendar;
}

export interface Formatters {
  style: NumberStyle;
  money: (value: string | null | undefined, currency?: string | null) => string;
  decimal: (value: string | null | undefined) => string;
  count: (value: number) => string;
  date: (value: string | null | undefined) => string;
  dateTime: (value: string | null | undefined) => string;
}

interface SessionValue {
  user: User | null;
  ready: boolean;
  settings: Settings;
  format: Formatters;
  login: (email: string, password: string, idempotencyKey: string) => Promise<void>;
  logout: () => Promise<void>;
  savePreferences: (changes: Partial<Settings>) => Promise<void>;
  /** Shows the app in a language before (or without) saving it to the user's preferences. */
  previewLanguage: (language: Language) => void;
  expired: boolean;
}

const SessionContext = createContext<SessionValue | null>(null);

export function settingsFrom(preferences: Preferences | undefined, user: User | null, fallback: Language): Settings {
  const language = isLanguage(preferences?.language) ? preferences!.language as Language
    : isLanguage(user?.language) ? (user!.language as Language) : fallback;
  const calendar: Calendar = preferences?.calendar === 'persian' || preferences?.calendar === 'gregorian'
    ? preferences.calendar
    : language === 'fa' || user?.company?.calendar === 'persian' ? 'persian' : 'gregorian';
  return { language, numberFormat: preferences?.number_format || 'auto', dateFormat: preferences?.date_format || 'auto', calendar };
}

export function makeFormatters(settings: Settings, companyCurrency?: string): Formatters {
  const style = numberStyle(settings.language, settings.numberFormat);
  const dateOptions = { language: settings.language, calendar: settings.calendar, format: settings.dateFormat, persianDigits: style.persianDigits };
  return {
    style,
    money: (value, currency) => (value ? formatMoney(value, currency ?? companyCurrency, settings.language, style) : ''),
    decimal: (value) => (value ? formatDecimal(value, style) : ''),
    count: (value) => formatCount(value, style),
    date: (value) => formatDate(value, dateOptions),
    dateTime: (value) => formatDate(value, { ...dateOptions, withTime: true }),
  };
}

function applyLanguage(language: Language) {
  localStorage.setItem('keel.language', language);
  if (i18next.language !== language) void i18next.changeLanguage(language);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const [expired, setExpired] = useState(false);
  const initialLanguage = isLanguage(i18next.language) ? (i18next.language as Language) : 'en';
  const [settings, setSettings] = useState<Settings>(settingsFrom(undefined, null, initialLanguage));

  const adopt = useCallback((data: LoginResponse | (User & { csrf_token?: string })) => {
    const next: User = 'user' in data ? data.user : data;
    const csrf = data.csrf_token ?? null;
    if (csrf) api.csrfToken = csrf;
    setUser(next);
    setExpired(false);
    const nextSettings = settingsFrom(next.preferences, next, initialLanguage);
    setSettings(nextSettings);
    applyLanguage(nextSettings.language);
  }, [initialLanguage]);

  useEffect(() => {
    api.onUnauthorized = () => {
      setUser((current) => {
        if (current) setExpired(true);
        return null;
      });
      api.csrfToken = null;
    };
    api
      .request<LoginResponse | (User & { csrf_token?: string })>('/auth/me', { headers: { 'X-Keel-No-401': '1' }, retries: 0 })
      .then((r) => adopt(r.data))
      .catch(() => setUser(null))
      .finally(() => setReady(true));
  }, [adopt]);

  const login = useCallback(async (email: string, password: string, idempotencyKey: string) => {
    const response = await api.request<LoginResponse>('/auth/login', {
      method: 'POST', body: { email, password }, idempotencyKey, headers: { 'X-Keel-No-401': '1' },
    });
    adopt(response.data);
  }, [adopt]);

  const logout = useCallback(async () => {
    try {
      await api.request('/auth/logout', { method: 'POST', retries: 0 });
    } finally {
      api.csrfToken = null;
      setUser(null);
    }
  }, []);

  const savePreferences = useCallback(async (changes: Partial<Settings>) => {
    const next = { ...settings, ...changes };
    const body: Preferences = {
      language: next.language, number_format: next.numberFormat, date_format: next.dateFormat, calendar: next.calendar,
    };
    await api.request('/auth/me/preferences', { method: 'PATCH', body });
    setSettings(next);
    setUser((u) => (u ? { ...u, language: next.language, preferences: { ...u.preferences, ...body } } : u));
    applyLanguage(next.language);
  }, [settings]);

  const previewLanguage = useCallback((language: Language) => {
    setSettings((s) => ({ ...s, language, calendar: language === 'fa' ? 'persian' : s.calendar }));
    applyLanguage(language);
  }, []);

  const format = useMemo(() => makeFormatters(settings, user?.company?.currency), [settings, user?.company?.currency]);
  const value = useMemo(
    () => ({ user, ready, settings, format, login, logout, savePreferences, previewLanguage, expired }),
    [user, ready, settings, format, login, logout, savePreferences, previewLanguage, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function useFormat(): Formatters {
  return useSession().format;
}
