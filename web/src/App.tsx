import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/locale/en_US';
import faIR from 'antd/locale/fa_IR';
import heIL from 'antd/locale/he_IL';
import zhCN from 'antd/locale/zh_CN';
import ltLT from 'antd/locale/lt_LT';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { directionOf } from './i18n';
import { bcp47, type Language } from './lib/format';
import { dayjs, DAYJS_LOCALE } from './lib/dates';
import { SessionProvider, useSession } from './shell/session';
import { Shell } from './shell/Shell';
import { LoginPage } from './pages/Login';

const ANTD_LOCALES: Record<Language, Locale> = { en: enUS, fa: faIR, he: heIL, zh: zhCN, lt: ltLT };

const FONTS: Record<Language, string> = {
  en: "-apple-system, 'Segoe UI', 'Noto Sans', Roboto, 'Helvetica Neue', Arial, sans-serif",
  lt: "-apple-system, 'Segoe UI', 'Noto Sans', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fa: "'Vazirmatn', 'Noto Sans Arabic', 'Noto Naskh Arabic', Tahoma, 'Noto Sans', sans-serif",
  he: "'Noto Sans Hebrew', 'Segoe UI', Arial, 'Noto Sans', sans-serif",
  zh: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', sans-serif",
};

// The same theme tools/antd-css.cjs renders the static stylesheet with: no hashed class names,
// and the font from a CSS variable that follows the language (the server's CSP forbids the
// <style> elements antd would otherwise inject, so the theme cannot change at run time).
const KEEL_THEME = { hashed: false, algorithm: theme.defaultAlgorithm, token: { fontFamily: 'var(--keel-font)' } };

function Themed() {
  const { settings, user, ready } = useSession();
  const { i18n } = useTranslation();
  const language = settings.language;
  const direction = directionOf(language);

  useEffect(() => {
    document.documentElement.lang = bcp47(language);
    document.documentElement.dir = direction;
    document.documentElement.style.setProperty('--keel-font', FONTS[language]);
    dayjs.locale(DAYJS_LOCALE[language]);
    if (i18n.language !== language) void i18n.changeLanguage(language);
  }, [language, direction, i18n]);

  return (
    <ConfigProvider
      direction={direction}
      locale={ANTD_LOCALES[language]}
      theme={KEEL_THEME}
    >
      <AntApp>
        {!ready ? (
          <div className="keel-login"><Spin size="large" /></div>
        ) : user ? (
          <Shell />
        ) : (
          <LoginPage />
        )}
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Themed />
    </SessionProvider>
  );
}
