import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Catalog, ja } from './locales/ja';

/** The console speaks ja (default, in the entry) and en (loaded when chosen). */
export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'manabee.admin.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'ja' || value === 'en';
}

export function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const first = globalThis.navigator?.languages?.[0]?.toLowerCase() ?? 'ja';
  return first.startsWith('ja') ? 'ja' : first.startsWith('en') ? 'en' : 'ja';
}

export async function createI18n(language: Language = 'ja', preloaded?: { en?: Catalog }): Promise<I18n> {
  const instance = i18next.createInstance();
  const resources: Record<string, { translation: Catalog }> = { ja: { translation: ja } };
  if (preloaded?.en) resources.en = { translation: preloaded.en };
  await instance.use(initReactI18next).init({
    resources,
    lng: 'ja',
    fallbackLng: 'ja',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  await changeLanguage(instance, language, false);
  return instance;
}

export async function changeLanguage(instance: I18n, language: Language, persist = true): Promise<void> {
  if (language === 'en' && !instance.hasResourceBundle('en', 'translation'))
    instance.addResourceBundle('en', 'translation', (await import('./locales/en')).en);
  await instance.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  if (persist) globalThis.localStorage?.setItem(STORAGE_KEY, language);
}
