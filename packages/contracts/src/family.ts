/**
 * One family as the services that export or erase its data see it: the
 * `auth.family.deleted` event names exactly these ids.
 */
export interface FamilyScope {
  familyId: string;
  guardianId: string;
  childIds: readonly string[];
}
