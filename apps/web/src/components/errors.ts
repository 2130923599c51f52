import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../api/client';

const KNOWN = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
  'CONFLICT',
  'NETWORK',
]);

export function errorCode(error: unknown): string {
  const code = error instanceof GraphQLRequestError ? error.code : 'INTERNAL';
  return KNOWN.has(code) ? code : 'INTERNAL';
}

/** Turns any failure into a sentence in the reader's language (never a stack trace). */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => t(`errors.${errorCode(error)}`);
}
