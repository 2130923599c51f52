import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Language } from '../api/auth';
import { type Catalog, ja } from './locales/ja';

export { LANGUAGES, type Language };

const STORAGE_KEY = 'manabee.language';

/** ja ships in the entry; the others load when chosen. */
const loaders: Record<Exclude<Language, 'ja'>, () => Promise<Catalog>> = {
  en: () => import('./locales/en').then((m) => m.en),
  'zh-Hans': () => import('./locales/zh-hans').then((m) => m.zhHans),
  'zh-Hant': () => import('./locales/zh-hant').then((m) => m.zhHant),
  ko: () => import('./locales/ko').then((m) => m.ko),
  es: () => import('./locales/es').then((m) => m.es),
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The stored choice, else the browser's first supported language, else ja. */
export function initialLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return /hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
    const base = lower.split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'ja';
}

async function ensureLoaded(instance: I18n, language: Language): Promise<void> {
  if (language === 'ja' || instance.hasResourceBundle(language, 'translation')) return;
  instance.addResourceBundle(language, 'translation', await loaders[language]());
}

export async function createI18n(
  language: Language = 'ja',
  preloaded?: Partial<Record<Language, Catalog>>,
): Promise<I18n> {
  const instance = i18next.createInstance();
  const resources: Record<string, { translation: Catalog }> = { ja: { translation: ja } };
  for (const [lng, catalog] of Object.entries(preloaded ?? {})) resources[lng] = { translation: catalog };
  await instance.use(initReactI18next).init({
    resources,
    lng: 'ja',
    fallbackLng: 'ja',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  if (language !== 'ja') await changeLanguage(instance, language, false);
  else syncDocument(language);
  return instance;
}

function syncDocument(language: Language): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export async function changeLanguage(instance: I18n, language: Language, persist = true): Promise<void> {
  await ensureLoaded(instance, language);
  await instance.changeLanguage(language);
  syncDocument(language);
  if (persist) globalThis.localStorage?.setItem(STORAGE_KEY, language);
}

export function loadCatalog(language: Language): Promise<Catalog> {
  return language === 'ja' ? Promise.resolve(ja) : loaders[language]();
}
