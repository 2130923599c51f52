import { Notice } from '@manabee/ui';
import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../api/client';

const KNOWN = new Set([
  'UNAUTHENTICATED',
  'MFA_REQUIRED',
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

export function isMissingField(error: unknown): boolean {
  return error instanceof GraphQLRequestError && error.isMissingField;
}

/** Turns any failure into a sentence in the reader's language (never a stack trace). */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (isMissingField(error)) return t('errors.NOT_AVAILABLE');
    const code = errorCode(error);
    const detail = error instanceof GraphQLRequestError && code === 'CONFLICT' ? ` (${error.message})` : '';
    return `${t(`errors.${code}`)}${detail}`;
  };
}

/** A failed load: "not available yet" for a field the server does not have, else the error. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  const missing = isMissingField(error);
  return (
    <Notice tone={missing ? 'info' : 'error'} live="polite" data-testid={missing ? 'not-available' : 'error'}>
      <p>{text(error)}</p>
      {onRetry && !missing && errorCode(error) !== 'FORBIDDEN' ? (
        <button type="button" className="mb-button" data-variant="secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </Notice>
  );
}
