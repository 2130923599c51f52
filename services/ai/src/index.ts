import {
  AppError,
  type Cache,
  type Clock,
  type Database,
  type Executor,
  type Logger,
  localDate,
  type Principal,
  type ServiceDefinition,
  systemClock,
} from '@manabee/kernel';
import { Registry } from 'prom-client';
import { graphqlContribution, type PromptAction } from './api/graphql';
import { type AiSettings, type AiSettingsInput, aiSettingsSchema, type PriceEntry } from './config';
import defaultPriceTable from './data/prices.json' with { type: 'json' };
import { predictSubject, type SubjectPrediction } from './domain/subjects/classifier';
import { bundledSubjectModel } from './domain/subjects/model-file';
import { microMinorToMinor } from './domain/usage';
import { type AiFamilyExport, createFamilyData, type FamilyScope } from './family-data';
import { aiMetrics } from './metrics';
import { createPromptLibrary, type PromptLibrary } from './prompts';
import { buildModels } from './providers/index';
import { ResponseCache } from './response-cache';
import { ModelRouter, type ProviderStatus } from './routing/router';
import { costByProvider, sumUsage } from './store';
import { streamTutorReply, type TutorRequest } from './tutor';
import {
  type GradeBand,
  gradeBands,
  type Lang,
  languages,
  type Subject,
  subjects,
  type TutorEvent,
  type TutorModel,
} from './types';

export {
  type AiEnv,
  type AiSettings,
  type AiSettingsInput,
  type AiTask,
  aiConfigSchema,
  aiSecretVariables,
  aiSettingsFromEnv,
  aiSettingsSchema,
  type PriceEntry,
  type ProviderKind,
  type ProviderSettings,
} from './config';
export { defaultPromptText, tutorPromptKey } from './domain/prompts/defaults';
export type { SubjectPrediction } from './domain/subjects/classifier';
export type { AiFamilyExport, FamilyScope } from './family-data';
export type { PromptLibrary, PromptSummary, ResolvedPrompt } from './prompts';
export type { ProviderStatus } from './routing/router';
export type { FamilyUsageRow, PromptRow } from './store';
export { MAX_QUESTION_CHARS, type TutorRequest } from './tutor';
export * from './types';

export interface UsageSummary {
  day: string;
  currency: string;
  messages: number;
  cachedMessages: number;
  promptTokens: number;
  completionTokens: number;
  costMinor: number;
  costMicroMinor: number;
}

export interface AiService {
  streamTutorReply(request: TutorRequest): AsyncIterable<TutorEvent>;
  /** The caller switches the conversation's subject when `confidence >= subjectSwitchConfidence`. */
  detectSubject(text: string, lang: Lang): SubjectPrediction;
  readonly subjectSwitchConfidence: number;
  prompts: PromptLibrary;
  usage: {
    forFamilyDay(familyId: string, day: string): Promise<UsageSummary[]>;
    forChildDay(childId: string, day: string): Promise<UsageSummary[]>;
    /** The usage day (YYYY-MM-DD) an instant falls on. */
    dayOf(at: Date): string;
  };
  /** Circuit breaker state per provider, for the operator console. */
  providerStatus(): ProviderStatus[];
  /** What each provider cost on a usage day (minor units, rounded). */
  costByProvider(
    day: string,
  ): Promise<Array<{ provider: string; currency: string; messages: number; costMinor: number }>>;
  /** A draft system prompt tried on one question; nothing saved, no usage counted. */
  previewPrompt(input: {
    key: string;
    text: string;
    question: string;
  }): Promise<{ reply: string; provider: string }>;
  /** Deletes the family's usage rows in the caller's transaction (on `auth.family.deleted`); counts per table. */
  eraseFamily(executor: Executor, family: FamilyScope): Promise<Record<string, number>>;
  /** The family's tutor usage per child, day and model, for the parent's export. */
  exportFamilyData(family: FamilyScope): Promise<AiFamilyExport>;
  definition(): ServiceDefinition;
}

export interface AiServiceDeps {
  database: Database;
  cache: Cache;
  logger: Logger;
  metrics?: Registry;
  config: AiSettingsInput | AiSettings;
  clock?: Clock;
  /** The policy for operator fields (prompts); without it they are refused. */
  authorize?: (principal: Principal | null, action: PromptAction) => void;
  /** Tests only: replace or add models by routing id. */
  models?: ReadonlyMap<string, TutorModel>;
}

export function createAiService(deps: AiServiceDeps): AiService {
  const parsed = aiSettingsSchema.parse(deps.config);
  const settings: AiSettings = {
    ...parsed,
    prices: parsed.prices ?? (defaultPriceTable.prices as PriceEntry[]),
  };
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ service: 'ai' });
  const metrics = aiMetrics(deps.metrics ?? new Registry());
  const models = buildModels(settings);
  for (const [id, model] of deps.models ?? []) models.set(id, model);
  const router = new ModelRouter({ models, settings, metrics, logger, now: () => clock.now().getTime() });
  const prompts = createPromptLibrary(deps.database, clock);
  const responses = new ResponseCache(deps.cache, settings.frequentQuestionThreshold);
  const usageDay = (at: Date) => localDate(at, settings.usageTimeZone);
  const tutorDeps = {
    database: deps.database,
    logger,
    clock,
    settings,
    router,
    prompts,
    responses,
    metrics,
    usageDay,
  };

  const familyData = createFamilyData({ database: deps.database });

  const summarize = async (scope: { familyId: string } | { childId: string }, day: string) =>
    (await sumUsage(deps.database.db, scope, day)).map((row) => ({
      day,
      ...row,
      costMinor: microMinorToMinor(row.costMicroMinor),
    }));

  const service: AiService = {
    streamTutorReply: (request) => streamTutorReply(tutorDeps, request),
    detectSubject: (text) => predictSubject(bundledSubjectModel(), text),
    subjectSwitchConfidence: settings.subjectSwitchConfidence,
    prompts,
    usage: {
      forFamilyDay: (familyId, day) => summarize({ familyId }, day),
      forChildDay: (childId, day) => summarize({ childId }, day),
      dayOf: usageDay,
    },
    providerStatus: () => router.status(),
    costByProvider: async (day) =>
      (await costByProvider(deps.database.db, day)).map(({ costMicroMinor, ...row }) => ({
        ...row,
        costMinor: microMinorToMinor(costMicroMinor),
      })),
    async previewPrompt({ key, text, question }) {
      const [, lang, band, subject] = key.split('.') as [string, Lang, GradeBand, Subject];
      if (!languages.includes(lang) || !gradeBands.includes(band) || !subjects.includes(subject)) {
        throw new AppError('VALIDATION_FAILED', { detail: `Unknown prompt key ${key}` });
      }
      let reply = '';
      let provider = '';
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 60_000);
      try {
        for await (const event of router.stream('tutor', {
          system: text,
          messages: [{ role: 'user', text: question }],
          maxTokens: settings.maxTokens,
          signal: controller.signal,
          hints: { lang, gradeBand: band, subject },
        })) {
          if (event.type === 'start') provider = event.provider;
          else if (event.type === 'token') reply += event.text;
        }
      } finally {
        clearTimeout(timer);
      }
      return { reply, provider };
    },
    eraseFamily: familyData.eraseFamily,
    exportFamilyData: familyData.exportFamilyData,
    definition: () => ({
      name: 'ai',
      graphql: graphqlContribution(service, (principal, action) => {
        if (!deps.authorize) throw new AppError('FORBIDDEN');
        deps.authorize(principal, action);
      }),
    }),
  };
  return service;
}

/**
 * For `manabee tutor ask "<question>" --grade N --lang ja|en`: the reply as
 * text pieces, through the same routing. Errors become a last line so
 * scripts see them on stdout; usage is recorded under the `cli` child.
 */
export async function* runTutorAsk(
  question: string,
  options: { grade: number; lang: Lang; signal?: AbortSignal },
  service: AiService,
): AsyncIterable<string> {
  const detected = service.detectSubject(question, options.lang);
  const subject = detected.confidence >= service.subjectSwitchConfidence ? detected.subject : 'other';
  for await (const event of service.streamTutorReply({
    childId: 'cli',
    familyId: 'cli',
    lang: options.lang,
    grade: options.grade,
    subject,
    history: [],
    text: question,
    containsPersonalData: false,
    signal: options.signal,
  })) {
    if (event.type === 'token') yield event.text;
    else if (event.type === 'error') yield `\n[${event.code}${event.retryable ? ', try again' : ''}]\n`;
    else if (event.type === 'done') yield '\n';
  }
}
