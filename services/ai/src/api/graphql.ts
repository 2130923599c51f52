import { AppError, type GraphQLContribution, type Principal, type RequestContext } from '@manabee/kernel';
import { z } from 'zod';
import { tutorPromptKey } from '../domain/prompts/defaults';
import { gradeBands, languages, subjects } from '../types';

export type PromptAction = 'prompts.read' | 'prompts.edit';

export interface PromptApi {
  prompts: {
    get(key: string): Promise<{ key: string; version: number; text: string; source: string }>;
    versions(key: string): Promise<
      Array<{
        key: string;
        version: number;
        text: string;
        createdBy: string;
        createdAt: Date;
        active: boolean;
      }>
    >;
    update(
      key: string,
      text: string,
      by: string,
    ): Promise<{ key: string; version: number; text: string; source: string }>;
    rollback(
      key: string,
      by: string,
      toVersion?: number,
    ): Promise<{ key: string; version: number; text: string; source: string }>;
  };
  previewPrompt(input: {
    key: string;
    text: string;
    question: string;
  }): Promise<{ reply: string; provider: string }>;
}

export const typeDefs = /* GraphQL */ `
  type TutorPrompt {
    key: String!
    "0 = the default shipped in code."
    version: Int!
    text: String!
    source: String!
  }

  type TutorPromptVersion {
    key: String!
    version: Int!
    text: String!
    createdBy: String!
    createdAt: String!
    active: Boolean!
  }

  type TutorPromptPreview {
    reply: String!
    provider: String!
  }

  extend type Query {
    "Operators (admin): the active tutor prompt for a language, grade band (lower, upper, junior) and subject."
    tutorPrompt(lang: String!, band: String!, subject: String!): TutorPrompt!
    tutorPromptVersions(key: String!): [TutorPromptVersion!]!
  }

  extend type Mutation {
    saveTutorPrompt(key: String!, text: String!): TutorPrompt!
    "Back to the version before the active one (or to toVersion; 0 = the shipped default)."
    rollbackTutorPrompt(key: String!, toVersion: Int): TutorPrompt!
    "Runs a question through the tutor with a draft prompt, without saving it or counting usage."
    previewTutorPrompt(key: String!, text: String!, question: String!): TutorPromptPreview!
  }
`;

const scope = z.object({ lang: z.enum(languages), band: z.enum(gradeBands), subject: z.enum(subjects) });
const draft = z.object({ key: z.string().min(1).max(100), text: z.string().min(20).max(20_000) });

export function graphqlContribution(
  api: PromptApi,
  authorize: (principal: Principal | null, action: PromptAction) => void,
): GraphQLContribution {
  const by = (principal: Principal | null) => principal?.id ?? 'unknown';
  return {
    typeDefs,
    resolvers: {
      Query: {
        tutorPrompt: async (_: unknown, args: unknown, ctx: RequestContext) => {
          authorize(ctx.principal, 'prompts.read');
          const parsed = scope.safeParse(args);
          if (!parsed.success)
            throw new AppError('VALIDATION_FAILED', { detail: 'Unknown language, grade band or subject' });
          return api.prompts.get(tutorPromptKey(parsed.data.lang, parsed.data.band, parsed.data.subject));
        },
        tutorPromptVersions: async (_: unknown, args: { key: string }, ctx: RequestContext) => {
          authorize(ctx.principal, 'prompts.read');
          return (await api.prompts.versions(args.key)).map((row) => ({
            ...row,
            createdAt: new Date(row.createdAt).toISOString(),
          }));
        },
      },
      Mutation: {
        saveTutorPrompt: async (_: unknown, args: unknown, ctx: RequestContext) => {
          authorize(ctx.principal, 'prompts.edit');
          const parsed = draft.safeParse(args);
          if (!parsed.success)
            throw new AppError('VALIDATION_FAILED', { detail: 'A prompt is 20 to 20,000 characters' });
          return api.prompts.update(parsed.data.key, parsed.data.text, by(ctx.principal));
        },
        rollbackTutorPrompt: async (
          _: unknown,
          args: { key: string; toVersion?: number | null },
          ctx: RequestContext,
        ) => {
          authorize(ctx.principal, 'prompts.edit');
          return api.prompts.rollback(args.key, by(ctx.principal), args.toVersion ?? undefined);
        },
        previewTutorPrompt: async (_: unknown, args: unknown, ctx: RequestContext) => {
          authorize(ctx.principal, 'prompts.edit');
          const parsed = draft.extend({ question: z.string().min(1).max(2000) }).safeParse(args);
          if (!parsed.success)
            throw new AppError('VALIDATION_FAILED', {
              detail: 'Give a prompt (20+ characters) and a question',
            });
          return api.previewPrompt(parsed.data);
        },
      },
    },
  };
}
