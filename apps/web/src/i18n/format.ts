/** Dates, times, numbers and money through Intl, in the page's language. */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(date);
}

/** Money is integer minor units + ISO currency (DESIGN.md). */
export function formatMoney(minor: number, currency: string, language: string): string {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(minor / 10 ** digits);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** "A, B, and C" / "A、B、C": a list as a sentence in the page's language says it. */
export function formatList(items: readonly string[], language: string): string {
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
}

/** A plain calendar date (YYYY-MM-DD) is a day, not an instant: format it in UTC so no zone shifts it. */
function plainDate(value: string): Date | null {
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) ? date : null;
}

/** A plain date (YYYY-MM-DD) in the page's language, e.g. "Mon, Jan 7" / "1月7日(月)". */
export function formatPlainDate(
  value: string,
  language: string,
  options: Intl.DateTimeFormatOptions = { weekday: 'short', month: 'short', day: 'numeric' },
): string {
  const date = plainDate(value);
  return date ? new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(date) : value;
}

/** Two plain dates as one range, e.g. "Jan 7 – 13, 2030" / "2030/01/07～2030/01/13". */
export function formatDateRange(start: string, end: string, language: string): string {
  const from = plainDate(start);
  const to = plainDate(end);
  if (!from || !to) return `${start} – ${end}`;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).formatRange(from, to);
}

/** "42 min" / "42 分". */
export function formatMinutes(minutes: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'minute', unitDisplay: 'short' }).format(
    minutes,
  );
}

/** A whole percentage: 20 -> "20%" ("20 %" in Spanish). */
export function formatPercent(percent: number, language: string): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
    percent / 100,
  );
}

const BYTE_UNITS = [
  ['megabyte', 1_000_000],
  ['kilobyte', 1_000],
] as const;

/** A file size in the page's language ("820 byte", "12 kB", "1.4 MB"): SI units, 1 kB = 1000 bytes. */
export function formatBytes(bytes: number, language: string): string {
  for (const [unit, size] of BYTE_UNITS) {
    if (bytes >= size) {
      const value = bytes / size;
      return new Intl.NumberFormat(language, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: value < 10 ? 1 : 0,
      }).format(value);
    }
  }
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'byte', unitDisplay: 'short' }).format(bytes);
}
