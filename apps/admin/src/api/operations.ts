/** Every operation the console sends, typed; one place to compare with the server's schema. */
import type { GraphQLClient } from './client';
import type {
  AccountDetail,
  AuditEntry,
  AuditFilter,
  AuditVerification,
  DirectoryEntry,
  KeywordList,
  KeywordListVersion,
  Me,
  MissedMessageReport,
  OrganizationDetail,
  ReviewItem,
  ReviewOutcome,
  ReviewQueueFilter,
  SafetyPhraseResult,
  ScannerVersions,
  UserSummary,
} from './types';

const ME = 'id role email operatorRoles mfaVerified locale';
const REVIEW_ROW =
  'id familyId childId source category categories severity state raisedAt claimedBy claimedAt resolvedBy resolvedAt waitedSeconds noteCount';
const KEYWORD_VERSION =
  'id lang version entryCount allowCount note createdBy createdAt lastActivatedAt active';

export async function fetchMe(client: GraphQLClient): Promise<Me | null> {
  return (await client.request<{ me: Me | null }>(`query { me { ${ME} } }`)).me;
}

export async function operatorLogIn(
  client: GraphQLClient,
  input: { email: string; password: string; totpCode?: string },
): Promise<{ me: Me; totpEnrollmentRequired: boolean }> {
  const data = await client.request<{ operatorLogIn: { me: Me; totpEnrollmentRequired: boolean } }>(
    `mutation($i: OperatorLogInInput!) { operatorLogIn(input: $i) { me { ${ME} } totpEnrollmentRequired } }`,
    { i: input },
  );
  return data.operatorLogIn;
}

export async function enrollTotp(client: GraphQLClient): Promise<{ otpauthUri: string; qrDataUrl: string }> {
  return (
    await client.request<{ enrollTotp: { otpauthUri: string; qrDataUrl: string } }>(
      'mutation { enrollTotp { otpauthUri qrDataUrl } }',
    )
  ).enrollTotp;
}

export async function verifyTotp(client: GraphQLClient, code: string): Promise<Me> {
  return (
    await client.request<{ verifyTotp: { me: Me } }>(
      `mutation($c: String!) { verifyTotp(code: $c) { me { ${ME} } } }`,
      { c: code },
    )
  ).verifyTotp.me;
}

export async function logOut(client: GraphQLClient): Promise<void> {
  await client.request<{ logOut: boolean }>('mutation { logOut }');
}

const USER = 'id email kind emailVerified blocked createdAt';

export async function searchDirectory(client: GraphQLClient, query: string): Promise<DirectoryEntry[]> {
  return (
    await client.request<{ searchDirectory: DirectoryEntry[] }>(
      `query($q: String!) { searchDirectory(query: $q) {
        kind id label accountId familyId orgId context emailVerified blocked createdAt } }`,
      { q: query },
    )
  ).searchDirectory;
}

const ACCOUNT = `id kind email emailVerified blocked blockedReason locale timeZone createdAt passwordChangedAt
  totpEnrolled operatorRoles childDeviceSessions lastVerificationSentAt
  family { id timeZone createdAt hasFamilyCode children { id nickname grade language paused consent createdAt } }
  organization { id name role classrooms { id name } }
  sessions { id createdAt lastSeenAt expiresAt ip userAgent current }`;

/** The server records every call in the audit log (the page shows a family's children). */
export async function accountDetail(client: GraphQLClient, id: string): Promise<AccountDetail> {
  return (
    await client.request<{ account: AccountDetail }>(`query($id: ID!) { account(id: $id) { ${ACCOUNT} } }`, {
      id,
    })
  ).account;
}

export async function organizationDetail(client: GraphQLClient, id: string): Promise<OrganizationDetail> {
  return (
    await client.request<{ organization: OrganizationDetail }>(
      `query($id: ID!) { organization(id: $id) { id name createdAt
        teachers { userId email role blocked classrooms } classrooms { id name teacherEmail linkedChildren } } }`,
      { id },
    )
  ).organization;
}

/** Returns when the mail was sent (ISO). */
export async function resendVerification(client: GraphQLClient, userId: string): Promise<string> {
  return (
    await client.request<{ resendVerificationEmail: string }>(
      'mutation($u: ID!) { resendVerificationEmail(userId: $u) }',
      { u: userId },
    )
  ).resendVerificationEmail;
}

export async function revokeUserSessions(
  client: GraphQLClient,
  userId: string,
  includeDevices: boolean,
): Promise<{ sessions: number; devices: number }> {
  return (
    await client.request<{ revokeUserSessions: { sessions: number; devices: number } }>(
      'mutation($u: ID!, $d: Boolean) { revokeUserSessions(userId: $u, includeDevices: $d) { sessions devices } }',
      { u: userId, d: includeDevices },
    )
  ).revokeUserSessions;
}

export async function blockAccount(client: GraphQLClient, userId: string, reason: string) {
  return (
    await client.request<{ blockAccount: UserSummary }>(
      `mutation($u: ID!, $r: String!) { blockAccount(userId: $u, reason: $r) { ${USER} } }`,
      { u: userId, r: reason },
    )
  ).blockAccount;
}

export async function unblockAccount(client: GraphQLClient, userId: string) {
  return (
    await client.request<{ unblockAccount: UserSummary }>(
      `mutation($u: ID!) { unblockAccount(userId: $u) { ${USER} } }`,
      { u: userId },
    )
  ).unblockAccount;
}

export async function reviewQueue(
  client: GraphQLClient,
  filter: ReviewQueueFilter,
  first = 50,
  offset = 0,
): Promise<{ total: number; items: ReviewItem[] }> {
  return (
    await client.request<{ reviewQueue: { total: number; items: ReviewItem[] } }>(
      `query($f: ReviewQueueFilter, $n: Int, $o: Int) { reviewQueue(filter: $f, first: $n, offset: $o) { total items { ${REVIEW_ROW} } } }`,
      { f: filter, n: first, o: offset },
    )
  ).reviewQueue;
}

/** Reads the child's text: the server records this view in the audit log. */
export async function reviewItem(client: GraphQLClient, id: string): Promise<ReviewItem> {
  return (
    await client.request<{ reviewItem: ReviewItem }>(
      `query($id: ID!) { reviewItem(id: $id) { ${REVIEW_ROW} flaggedText context { role text } notes { id authorId text createdAt } } }`,
      { id },
    )
  ).reviewItem;
}

export async function claimReview(client: GraphQLClient, id: string): Promise<ReviewItem> {
  return (
    await client.request<{ claimReview: ReviewItem }>(
      `mutation($id: ID!) { claimReview(id: $id) { ${REVIEW_ROW} } }`,
      { id },
    )
  ).claimReview;
}

export async function resolveReview(
  client: GraphQLClient,
  id: string,
  outcome: ReviewOutcome,
  note: string,
): Promise<ReviewItem> {
  return (
    await client.request<{ resolveReview: ReviewItem }>(
      `mutation($id: ID!, $o: String!, $n: String) { resolveReview(id: $id, outcome: $o, note: $n) { ${REVIEW_ROW} } }`,
      { id, o: outcome, n: note || null },
    )
  ).resolveReview;
}

export async function bulkResolveReviews(
  client: GraphQLClient,
  ids: string[],
  outcome: ReviewOutcome,
  note: string,
): Promise<{ updated: string[]; skipped: { alertId: string; reason: string }[] }> {
  return (
    await client.request<{
      bulkResolveReviews: { updated: string[]; skipped: { alertId: string; reason: string }[] };
    }>(
      'mutation($ids: [ID!]!, $o: String!, $n: String) { bulkResolveReviews(ids: $ids, outcome: $o, note: $n) { updated skipped { alertId reason } } }',
      { ids, o: outcome, n: note || null },
    )
  ).bulkResolveReviews;
}

export async function addReviewNote(client: GraphQLClient, id: string, text: string) {
  return (
    await client.request<{ addReviewNote: { id: string } }>(
      'mutation($id: ID!, $t: String!) { addReviewNote(id: $id, text: $t) { id } }',
      { id, t: text },
    )
  ).addReviewNote;
}

export async function scannerVersions(client: GraphQLClient): Promise<ScannerVersions> {
  return (
    await client.request<{ safetyScannerVersions: ScannerVersions }>(
      'query { safetyScannerVersions { classifier keywords } }',
    )
  ).safetyScannerVersions;
}

/** A child's message the scanner should have caught: kept as a labelled example for the next training run. */
export async function reportMissedMessage(
  client: GraphQLClient,
  input: { messageId: string; category: string; level?: string; note?: string },
): Promise<MissedMessageReport> {
  return (
    await client.request<{ reportMissedMessage: MissedMessageReport }>(
      `mutation($m: ID!, $c: String!, $l: String, $n: String) {
        reportMissedMessage(messageId: $m, category: $c, level: $l, note: $n) {
          id messageId category level reportedBy createdAt } }`,
      { m: input.messageId, c: input.category, l: input.level || null, n: input.note || null },
    )
  ).reportMissedMessage;
}

export async function keywordList(client: GraphQLClient, lang: string): Promise<KeywordList | null> {
  const data = await client.request<{ keywordLists: KeywordList[] }>(
    'query($l: String) { keywordLists(lang: $l) { lang listId version entryCount allowCount activatedAt activatedBy json } }',
    { l: lang },
  );
  return data.keywordLists.find((list) => list.lang === lang) ?? null;
}

export async function keywordListVersions(
  client: GraphQLClient,
  lang: string,
): Promise<KeywordListVersion[]> {
  return (
    await client.request<{ keywordListVersions: KeywordListVersion[] }>(
      `query($l: String!) { keywordListVersions(lang: $l) { ${KEYWORD_VERSION} } }`,
      { l: lang },
    )
  ).keywordListVersions;
}

export async function saveKeywordList(
  client: GraphQLClient,
  json: string,
  note: string,
  activate: boolean,
): Promise<KeywordListVersion> {
  return (
    await client.request<{ saveKeywordList: KeywordListVersion }>(
      `mutation($j: String!, $n: String, $a: Boolean) { saveKeywordList(json: $j, note: $n, activate: $a) { ${KEYWORD_VERSION} } }`,
      { j: json, n: note || null, a: activate },
    )
  ).saveKeywordList;
}

export async function activateKeywordListVersion(client: GraphQLClient, id: string): Promise<void> {
  await client.request('mutation($id: ID!) { activateKeywordListVersion(id: $id) { lang version } }', { id });
}

export async function rollbackKeywordList(client: GraphQLClient, lang: string): Promise<void> {
  await client.request('mutation($l: String!) { rollbackKeywordList(lang: $l) { lang version } }', {
    l: lang,
  });
}

export async function testSafetyPhrase(
  client: GraphQLClient,
  input: { lang: string; text: string; draftJson: string | null },
): Promise<SafetyPhraseResult> {
  return (
    await client.request<{ testSafetyPhrase: SafetyPhraseResult }>(
      'query($l: String!, $t: String!, $d: String) { testSafetyPhrase(lang: $l, text: $t, draftJson: $d) { categories severity action spans { start end text category severity detector rule } redactedText keywordVersions } }',
      { l: input.lang, t: input.text, d: input.draftJson },
    )
  ).testSafetyPhrase;
}

export async function auditLog(
  client: GraphQLClient,
  filter: AuditFilter,
  after: string | null,
): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  return (
    await client.request<{ auditLog: { entries: AuditEntry[]; nextCursor: string | null } }>(
      'query($f: AuditFilter, $a: String) { auditLog(filter: $f, first: 50, after: $a) { entries { id seq occurredAt actorId actorRole action resourceType resourceId ip result metadataJson } nextCursor } }',
      { f: filter, a: after },
    )
  ).auditLog;
}

export async function auditChain(client: GraphQLClient): Promise<AuditVerification> {
  return (
    await client.request<{ auditChain: AuditVerification }>(
      'query { auditChain { ok checked pruned problems { seq problem } } }',
    )
  ).auditChain;
}
