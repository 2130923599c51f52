/**
 * The one bridge between the platform's `Principal` and the domain policy.
 * Every GraphQL field calls `authorize`; nothing else decides access.
 */
import { AppError, type Principal } from '@manabee/kernel';
import {
  type Action,
  type Actor,
  AuthError,
  assertCan,
  OPERATOR_ROLES,
  type OperatorRole,
  type ResourceFor,
} from './domain/index';

const ANONYMOUS: Actor = { kind: 'anonymous' };

function isOperatorRole(value: string): value is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(value);
}

/** Principal -> domain actor. A principal missing what its role needs is treated as anonymous. */
export function actorOf(principal: Principal | null): Actor {
  if (!principal) return ANONYMOUS;
  switch (principal.role) {
    case 'child':
      return principal.childId && principal.familyId
        ? { kind: 'child', childId: principal.childId, familyId: principal.familyId }
        : ANONYMOUS;
    case 'parent':
      return principal.familyId
        ? { kind: 'parent', userId: principal.id, familyId: principal.familyId }
        : ANONYMOUS;
    case 'teacher':
      return principal.orgId
        ? {
            kind: 'teacher',
            userId: principal.id,
            orgId: principal.orgId,
            classroomIds: principal.classroomIds ?? [],
            orgRole: principal.orgRole ?? 'teacher',
          }
        : ANONYMOUS;
    default: {
      const roles = (principal.operatorRoles ?? [principal.role]).filter(isOperatorRole);
      return { kind: 'operator', userId: principal.id, roles, mfaVerified: principal.mfaVerified === true };
    }
  }
}

/** Domain errors are not HTTP errors: this is the one mapping to the kernel catalogue. */
export function toAppError(error: AuthError): AppError {
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return new AppError('UNAUTHENTICATED');
    case 'MFA_REQUIRED':
      return new AppError('FORBIDDEN', { detail: 'Two-factor verification is required' });
    case 'NOT_FOUND':
      // Somebody else's resource reads as absent (no IDOR oracle).
      return new AppError('NOT_FOUND', { detail: 'Not found' });
    default:
      return new AppError('FORBIDDEN');
  }
}

/** Asks the policy; throws an `AppError` on denial. */
export function authorize<A extends Action>(
  principal: Principal | null,
  action: A,
  resource: ResourceFor<A>,
): void {
  try {
    assertCan(actorOf(principal), action, resource);
  } catch (error) {
    throw error instanceof AuthError ? toAppError(error) : error;
  }
}

/** The principal, or UNAUTHENTICATED: for fields that only make sense signed in. */
export function requirePrincipal(principal: Principal | null): Principal {
  if (!principal) throw new AppError('UNAUTHENTICATED');
  return principal;
}
