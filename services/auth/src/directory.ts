import type { Database } from '@manabee/kernel';
import * as accountsStore from './store/accounts';
import * as childrenStore from './store/children';

/**
 * Read-only facts other services need about people, without reaching into
 * auth's tables: a child's learning profile (chat, report), a family's
 * guardians (notification) and who lives in which zone (report's weekly job).
 */
export interface ChildLearningProfile {
  childId: string;
  familyId: string;
  /** The name the parent gave (shown to the family: reports, notifications). */
  nickname: string;
  lang: 'ja' | 'en' | 'zh-Hans' | 'zh-Hant' | 'ko' | 'es';
  grade: number;
  timeZone: string;
  country: string;
  plan: string;
}

export type { ChildInZone } from './store/children';

export interface GuardianContact {
  userId: string;
  email: string;
  locale: string;
  timeZone: string;
}

const COUNTRY_BY_ZONE: Record<string, string> = {
  'Asia/Tokyo': 'JP',
  'Asia/Seoul': 'KR',
  'Asia/Taipei': 'TW',
  'Asia/Shanghai': 'CN',
  'Asia/Hong_Kong': 'HK',
  'Europe/London': 'GB',
  'Europe/Madrid': 'ES',
};

/** Where crisis lines come from: the family's zone, which parents set, says more than the UI language. */
export function countryOf(timeZone: string, language: string): string {
  if (COUNTRY_BY_ZONE[timeZone]) return COUNTRY_BY_ZONE[timeZone];
  if (timeZone.startsWith('America/')) return 'US';
  return language === 'ja' ? 'JP' : language === 'ko' ? 'KR' : language === 'es' ? 'ES' : 'US';
}

/** School grade from a birth year when the parent gave no grade (Japanese school year starts in April). */
export function gradeFromBirthYear(birthYear: number, now: Date): number {
  const schoolYear = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return Math.min(12, Math.max(1, schoolYear - birthYear - 6));
}

export function createDirectory(database: Database, now: () => Date) {
  async function guardian(userId: string): Promise<GuardianContact | null> {
    const user = await accountsStore.findUserById(database.db, userId);
    if (!user || user.blockedAt) return null;
    return { userId: user.id, email: user.email, locale: user.locale, timeZone: user.timeZone };
  }
  return {
    async childProfile(childId: string): Promise<ChildLearningProfile | null> {
      const found = await childrenStore.findChildWithZone(database.db, childId);
      if (!found) return null;
      const { child, timeZone } = found;
      return {
        childId: child.id,
        familyId: child.familyId,
        nickname: child.nickname,
        lang: child.language,
        grade: child.grade ?? (child.birthYear ? gradeFromBirthYear(child.birthYear, now()) : 3),
        timeZone,
        country: countryOf(timeZone, child.language),
        plan: 'free',
      };
    },
    async recipientsForFamily(familyId: string): Promise<GuardianContact[]> {
      const family = await accountsStore.findFamilyById(database.db, familyId);
      if (!family) return [];
      const contact = await guardian(family.guardianId);
      return contact ? [contact] : [];
    },
    recipient: guardian,
    timeZonesInUse: () => accountsStore.familyTimeZones(database.db),
    childrenInTimeZones: (zones: readonly string[]) => childrenStore.childrenInTimeZones(database.db, zones),
  };
}
