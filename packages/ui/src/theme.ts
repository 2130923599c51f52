export const THEMES = ['default', 'high-contrast'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'manabee.theme';

export function readTheme(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Theme {
  const stored = storage?.getItem(KEY);
  if (stored === 'high-contrast' || stored === 'default') return stored;
  // Follow the system's "more contrast" / forced-colors preference on first visit.
  if (typeof matchMedia === 'function' && matchMedia('(prefers-contrast: more)').matches)
    return 'high-contrast';
  return 'default';
}

export function applyTheme(
  theme: Theme,
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
): void {
  if (theme === 'default') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
  storage?.setItem(KEY, theme);
}
