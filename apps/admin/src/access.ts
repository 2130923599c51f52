/**
 * What the console shows each operator role. A mirror of the server's policy
 * (services/auth/src/domain/policy.ts) used only to hide what cannot work; the
 * server still decides every request, and a FORBIDDEN answer is shown as such.
 */
import type { Me, OperatorRole } from './api/types';

export type Capability =
  | 'users.search'
  | 'users.block'
  | 'review.read'
  | 'keywords.read'
  | 'keywords.edit'
  | 'prompts.edit'
  | 'audit.read'
  | 'system.read'
  | 'system.manage';

const GRANTS: Record<Capability, readonly OperatorRole[]> = {
  'users.search': ['support', 'admin'],
  'users.block': ['admin'],
  'review.read': ['safety_reviewer', 'admin'],
  'keywords.read': ['safety_reviewer', 'admin'],
  'keywords.edit': ['admin'],
  'prompts.edit': ['admin'],
  'audit.read': ['admin'],
  'system.read': ['support', 'admin'],
  'system.manage': ['admin'],
};

export function rolesOf(me: Me): OperatorRole[] {
  return (me.operatorRoles ?? []).filter((role): role is OperatorRole =>
    ['support', 'safety_reviewer', 'admin'].includes(role),
  );
}

export function can(me: Me, capability: Capability): boolean {
  const roles = rolesOf(me);
  return GRANTS[capability].some((role) => roles.includes(role));
}

export interface Section {
  path: string;
  key: 'users' | 'safety' | 'content' | 'audit' | 'system';
  needs: Capability;
}

export const SECTIONS: readonly Section[] = [
  { path: 'safety', key: 'safety', needs: 'review.read' },
  { path: 'users', key: 'users', needs: 'users.search' },
  { path: 'content', key: 'content', needs: 'keywords.read' },
  { path: 'audit', key: 'audit', needs: 'audit.read' },
  { path: 'system', key: 'system', needs: 'system.read' },
];

export function visibleSections(me: Me): Section[] {
  return SECTIONS.filter((section) => can(me, section.needs));
}
