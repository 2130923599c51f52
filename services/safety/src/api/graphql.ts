import { AppError, type GraphQLContribution, issuesFromZod, type RequestContext } from '@manabee/kernel';
import { z } from 'zod';
import type { AlertSummary } from '../alerts';
import { CATEGORIES, LANGS, type ScanResult, SELF_HARM_LEVELS, SEVERITIES } from '../domain/index';
import type { SafetyService } from '../index';
import type { ActiveKeywordList } from '../keyword-lists';
import { MAX_BULK, type ReviewItem } from '../review';
import { REVIEW_STATES } from '../store/alerts';
import { typeDefs } from './schema';

/** Validates resolver arguments; failures name the fields, never echo the values. */
function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', {
      detail: 'Invalid arguments',
      issues: issuesFromZod(result.error),
    });
  }
  return result.data;
}

const id = z.string().min(1).max(64);
const note = z.string().max(4000).optional().nullable();
const outcome = z.enum(['resolved', 'false_positive']);
const lang = z.enum(LANGS);

const alertsArgs = z.object({
  childId: id.optional().nullable(),
  acknowledged: z.boolean().optional().nullable(),
  severities: z.array(z.enum(SEVERITIES)).max(4).optional().nullable(),
  first: z.number().int().min(1).max(100).default(20),
  before: id.optional().nullable(),
});

const queueArgs = z.object({
  filter: z
    .object({
      states: z.array(z.enum(REVIEW_STATES)).max(4).optional().nullable(),
      severities: z.array(z.enum(SEVERITIES)).max(4).optional().nullable(),
      category: z.enum(CATEGORIES).optional().nullable(),
      minAgeMinutes: z.number().int().min(0).max(525_600).optional().nullable(),
      maxAgeMinutes: z.number().int().min(0).max(525_600).optional().nullable(),
      claimedBy: id.optional().nullable(),
    })
    .optional()
    .nullable(),
  first: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0),
});

const keywordListJson = z.string().min(2).max(2_000_000);

const undefinedIfNull = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

const alertOut = (a: AlertSummary) => ({
  ...a,
  raisedAt: iso(a.raisedAt),
  acknowledgedAt: iso(a.acknowledgedAt),
});
const reviewOut = (r: ReviewItem) => ({
  ...alertOut(r),
  state: r.state,
  claimedAt: iso(r.claimedAt),
  resolvedAt: iso(r.resolvedAt),
});
const listOut = (l: ActiveKeywordList) => ({
  ...l,
  activatedAt: iso(l.activatedAt),
  json: JSON.stringify(l.list, null, 2),
});
const scanOut = (r: ScanResult & { keywordVersions: readonly string[] }) => ({
  categories: r.categories,
  severity: r.severity,
  action: r.action,
  spans: r.spans,
  redactedText: r.redactedText,
  keywordVersions: r.keywordVersions,
});

type Ctx = RequestContext;

export function graphqlContribution(service: SafetyService): GraphQLContribution {
  return {
    typeDefs,
    resolvers: {
      Query: {
        safetyAlerts: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(alertsArgs, args);
          const rows = await service.parentAlerts.list(
            ctx.principal,
            {
              childId: undefinedIfNull(a.childId),
              acknowledged: undefinedIfNull(a.acknowledged),
              severities: undefinedIfNull(a.severities),
            },
            { first: a.first, before: undefinedIfNull(a.before) },
          );
          return rows.map(alertOut);
        },
        safetyAlert: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id }), args);
          return alertOut(await service.parentAlerts.detail(ctx.principal, a.id));
        },
        reviewQueue: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(queueArgs, args);
          const f = a.filter ?? {};
          const page = await service.review.queue(
            ctx.principal,
            {
              states: undefinedIfNull(f.states),
              severities: undefinedIfNull(f.severities),
              category: undefinedIfNull(f.category),
              minAgeMinutes: undefinedIfNull(f.minAgeMinutes),
              maxAgeMinutes: undefinedIfNull(f.maxAgeMinutes),
              claimedBy: undefinedIfNull(f.claimedBy),
            },
            { first: a.first, offset: a.offset },
          );
          return { total: page.total, items: page.items.map(reviewOut) };
        },
        reviewItem: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id }), args);
          const item = await service.review.item(ctx.principal, a.id);
          return {
            ...reviewOut(item),
            notes: item.notes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
          };
        },
        keywordLists: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ lang: lang.optional().nullable() }), args);
          return (await service.keywords.lists(ctx.principal, undefinedIfNull(a.lang))).map(listOut);
        },
        keywordListVersions: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ lang }), args);
          return (await service.keywords.versions(ctx.principal, a.lang)).map((v) => ({
            ...v,
            createdAt: v.createdAt.toISOString(),
            lastActivatedAt: iso(v.lastActivatedAt),
          }));
        },
        safetyScannerVersions: (_: unknown, _args: unknown, ctx: Ctx) =>
          service.scannerVersions(ctx.principal),
        testSafetyPhrase: (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(
            z.object({
              lang,
              text: z.string().max(5000),
              draftJson: keywordListJson.optional().nullable(),
              source: z.enum(['child', 'tutor']).optional().nullable(),
            }),
            args,
          );
          return scanOut(
            service.keywords.testPhrase(ctx.principal, {
              lang: a.lang,
              text: a.text,
              source: undefinedIfNull(a.source),
              ...(a.draftJson ? { draft: a.draftJson } : {}),
            }),
          );
        },
      },
      Mutation: {
        acknowledgeSafetyAlert: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id }), args);
          return alertOut(await service.parentAlerts.acknowledge(ctx.principal, a.id));
        },
        claimReview: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id }), args);
          return reviewOut(await service.review.claim(ctx.principal, a.id));
        },
        resolveReview: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id, outcome, note }), args);
          return reviewOut(
            await service.review.resolve(ctx.principal, {
              alertId: a.id,
              outcome: a.outcome,
              note: undefinedIfNull(a.note),
            }),
          );
        },
        bulkResolveReviews: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ ids: z.array(id).min(1).max(MAX_BULK), outcome, note }), args);
          return service.review.bulkResolve(ctx.principal, {
            alertIds: a.ids,
            outcome: a.outcome,
            note: undefinedIfNull(a.note),
          });
        },
        addReviewNote: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id, text: z.string().min(1).max(4000) }), args);
          const n = await service.review.note(ctx.principal, a.id, a.text);
          return { ...n, createdAt: n.createdAt.toISOString() };
        },
        reportMissedMessage: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(
            z.object({
              messageId: id,
              category: z.enum(CATEGORIES),
              level: z.enum(SELF_HARM_LEVELS).optional().nullable(),
              note,
            }),
            args,
          );
          const report = await service.review.reportMissed(ctx.principal, {
            messageId: a.messageId,
            category: a.category,
            level: undefinedIfNull(a.level),
            note: undefinedIfNull(a.note),
          });
          return { ...report, createdAt: report.createdAt.toISOString() };
        },
        saveKeywordList: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(
            z.object({
              json: keywordListJson,
              note: z.string().max(500).optional().nullable(),
              activate: z.boolean().optional().nullable(),
            }),
            args,
          );
          const saved = await service.keywords.save(ctx.principal, {
            list: a.json,
            note: undefinedIfNull(a.note),
            activate: a.activate === true,
          });
          return {
            ...saved.version,
            createdAt: saved.version.createdAt.toISOString(),
            lastActivatedAt: iso(saved.version.lastActivatedAt),
          };
        },
        activateKeywordListVersion: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ id }), args);
          return listOut(await service.keywords.activate(ctx.principal, a.id));
        },
        rollbackKeywordList: async (_: unknown, args: unknown, ctx: Ctx) => {
          const a = parse(z.object({ lang }), args);
          return listOut(await service.keywords.rollback(ctx.principal, a.lang));
        },
      },
    },
  };
}
