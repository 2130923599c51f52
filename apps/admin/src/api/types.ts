/** The shapes the console reads, as the services declare them in their GraphQL typeDefs. */

export type OperatorRole = 'support' | 'safety_reviewer' | 'admin';

export interface Me {
  id: string;
  role: string;
  email: string | null;
  operatorRoles: string[] | null;
  mfaVerified: boolean;
  locale: string | null;
}

export interface UserSummary {
  id: string;
  email: string;
  kind: string;
  emailVerified: boolean;
  blocked: boolean;
  createdAt: string;
}

export type DirectoryKind = 'parent' | 'teacher' | 'operator' | 'child' | 'organization';

/** One search result: an account, a child (reached through its guardian) or an organization. */
export interface DirectoryEntry {
  kind: DirectoryKind;
  id: string;
  label: string;
  accountId: string | null;
  familyId: string | null;
  orgId: string | null;
  context: string | null;
  emailVerified: boolean | null;
  blocked: boolean | null;
  createdAt: string;
}

export interface AccountSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface AccountDetail {
  id: string;
  kind: string;
  email: string;
  emailVerified: boolean;
  blocked: boolean;
  blockedReason: string | null;
  locale: string;
  timeZone: string;
  createdAt: string;
  passwordChangedAt: string;
  totpEnrolled: boolean;
  operatorRoles: string[];
  family: {
    id: string;
    timeZone: string;
    createdAt: string;
    hasFamilyCode: boolean;
    children: {
      id: string;
      nickname: string;
      grade: number | null;
      language: string;
      paused: boolean;
      consent: string;
      createdAt: string;
    }[];
  } | null;
  organization: { id: string; name: string; role: string; classrooms: { id: string; name: string }[] } | null;
  sessions: AccountSession[];
  childDeviceSessions: number;
  lastVerificationSentAt: string | null;
}

export interface OrganizationDetail {
  id: string;
  name: string;
  createdAt: string;
  teachers: { userId: string; email: string; role: string; blocked: boolean; classrooms: number }[];
  classrooms: { id: string; name: string; teacherEmail: string; linkedChildren: number }[];
}

export interface ContextTurn {
  role: string;
  text: string;
}

export interface ReviewNote {
  id: string;
  authorId: string;
  text: string;
  createdAt: string;
}

export type ReviewState = 'new' | 'in_review' | 'resolved' | 'false_positive';
export type ReviewOutcome = 'resolved' | 'false_positive';

export interface ReviewItem {
  id: string;
  familyId: string;
  childId: string;
  source: string;
  category: string;
  categories: string[];
  severity: string;
  state: ReviewState;
  raisedAt: string;
  claimedBy: string | null;
  claimedAt: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  waitedSeconds: number;
  noteCount: number;
  flaggedText?: string | null;
  context?: ContextTurn[] | null;
  notes?: ReviewNote[] | null;
}

export interface ReviewQueueFilter {
  states?: ReviewState[];
  severities?: string[];
  category?: string;
  minAgeMinutes?: number;
  maxAgeMinutes?: number;
}

export interface KeywordList {
  lang: string;
  listId: string | null;
  version: string;
  entryCount: number;
  allowCount: number;
  activatedAt: string | null;
  activatedBy: string | null;
  json: string;
}

export interface KeywordListVersion {
  id: string;
  lang: string;
  version: string;
  entryCount: number;
  allowCount: number;
  note: string | null;
  createdBy: string;
  createdAt: string;
  lastActivatedAt: string | null;
  active: boolean;
}

export interface SafetySpan {
  start: number;
  end: number;
  text: string;
  category: string;
  severity: string;
  detector: string;
  rule: string;
}

export interface SafetyPhraseResult {
  categories: string[];
  severity: string;
  action: string;
  spans: SafetySpan[];
  redactedText: string;
  keywordVersions: string[];
}

export interface AuditEntry {
  id: string;
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  result: string;
  metadataJson: string;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  from?: string;
  to?: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  pruned: number;
  problems: { seq: number; problem: string }[];
}

/** The self-harm rungs a reviewer may give a missed self_harm message (mildest first). */
export const SELF_HARM_LEVELS = ['passive', 'active', 'method', 'intent', 'behaviour'] as const;

/** What the live scanner runs. */
export interface ScannerVersions {
  classifier: string | null;
  keywords: string[];
}

export interface MissedMessageReport {
  id: string;
  messageId: string;
  category: string;
  level: string | null;
  reportedBy: string;
  createdAt: string;
}

export const LANGS = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const CATEGORIES = [
  'self_harm',
  'bullying',
  'violence',
  'sexual',
  'grooming',
  'personal_info',
  'hate',
  'drugs',
  'profanity',
] as const;
