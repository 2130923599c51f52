/**
 * Errors the auth domain raises. Kept in one small file so that, when the
 * kernel's shared error catalogue lands, swapping `AuthError` for it (or making
 * it a subclass of the kernel's base) touches only this module.
 * Domain errors are not HTTP errors: the API layer maps codes to statuses.
 */

export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'MFA_REQUIRED' | 'NOT_FOUND';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  /** The policy's finer reason (e.g. `not_owner`), for logs and audit, never for end users. */
  readonly reason: string;

  constructor(code: AuthErrorCode, reason: string, message?: string) {
    super(message ?? `${code.toLowerCase()}: ${reason}`);
    this.code = code;
    this.reason = reason;
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
