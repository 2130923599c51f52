import { AppError, type Principal } from '@manabee/kernel';

/**
 * Operator-only actions of the platform services. Admins may read, export and
 * verify the audit log; every other role is refused.
 */
export function authorizeOperator(principal: Principal | null, action: string): void {
  if (!principal) throw new AppError('UNAUTHENTICATED');
  if (action.startsWith('audit.') && principal.role === 'admin') return;
  throw new AppError('FORBIDDEN', { detail: `${principal.role} may not ${action}` });
}
