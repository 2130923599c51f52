/**
 * A parent's own copy of the family's data, and deleting the family
 * (GDPR art. 15, 17 and 20). The server builds an export as a job;
 * the page polls `familyExports` while one is queued or running.
 */
import type { GraphQLClient } from './client';
import { type Optional, optional } from './optional';

export const EXPORT_STEPS = ['account', 'chat', 'safety', 'notification', 'ai', 'packing'] as const;
export type ExportStep = (typeof EXPORT_STEPS)[number];

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';

export interface FamilyExport {
  id: string;
  status: ExportStatus | string;
  /** 0..100 */
  progress: number;
  step: ExportStep | string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Ready exports are kept 7 days. */
  expiresAt: string | null;
  sizeBytes: number | null;
  /** Set when ready: a GET with the session cookie answers an application/json attachment. */
  downloadUrl: string | null;
}

const EXPORT = 'id status progress step createdAt finishedAt expiresAt sizeBytes downloadUrl';

/** Still being built: the page keeps polling while any export is in one of these. */
export function isActive(item: Pick<FamilyExport, 'status'>): boolean {
  return item.status === 'queued' || item.status === 'running';
}

export const familyDataApi = (client: GraphQLClient) => ({
  /** The signed-in parent's family's exports, newest first. */
  exports: async (): Promise<Optional<FamilyExport[]>> => {
    const result = await optional<{ familyExports: FamilyExport[] }>(
      client,
      `query FamilyExports { familyExports { ${EXPORT} } }`,
    );
    return result.available ? { available: true, value: result.value.familyExports } : result;
  },
  /** CONFLICT while one is queued or running; RATE_LIMITED after 3 in 24 hours. */
  requestExport: async (): Promise<FamilyExport> =>
    (
      await client.request<{ requestFamilyExport: FamilyExport }>(
        `mutation RequestFamilyExport { requestFamilyExport { ${EXPORT} } }`,
      )
    ).requestFamilyExport,
  /**
   * `confirmation` must be the parent's email address. A wrong password is
   * UNAUTHENTICATED; a confirmation that does not match is VALIDATION_FAILED.
   * On success the server ends every session of the family and clears the cookie.
   */
  deleteFamily: async (password: string, confirmation: string): Promise<boolean> =>
    (
      await client.request<{ deleteFamily: boolean }>(
        'mutation DeleteFamily($password: String!, $confirmation: String!) { deleteFamily(password: $password, confirmation: $confirmation) }',
        { password, confirmation },
      )
    ).deleteFamily,
});

export type FamilyDataApi = ReturnType<typeof familyDataApi>;
