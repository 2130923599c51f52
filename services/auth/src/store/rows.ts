/** Shared helpers for the auth store: both engines return timestamptz as Date, but be lenient. */
export type Timestamp = Date | string;

export function toDate(value: Timestamp): Date;
export function toDate(value: Timestamp | null): Date | null;
export function toDate(value: Timestamp | null): Date | null {
  if (value === null) return null;
  return value instanceof Date ? value : new Date(value);
}

export const iso = (date: Date) => date.toISOString();
