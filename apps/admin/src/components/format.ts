/** "3 min", "2 h 5 min", "1 d 4 h": how long an alert waited, short enough for a table cell. */
export function formatWaited(seconds: number, units: { d: string; h: string; m: string; s: string }): string {
  if (seconds < 60) return `${Math.max(0, Math.floor(seconds))} ${units.s}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${units.m}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${units.h} ${minutes % 60} ${units.m}`;
  return `${Math.floor(hours / 24)} ${units.d} ${hours % 24} ${units.h}`;
}

export function formatTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 10 ** (digits ?? 2));
}
