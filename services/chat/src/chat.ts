import {
  AppError,
  type Cache,
  type Clock,
  type Database,
  type FamilyKeyring,
  type Logger,
  newId,
  type Principal,
  systemClock,
} from '@manabee/kernel';
import { createStreamGuard, type Scanner, type ScanResult, type SecondOpinion } from '@manabee/safety';
import { activeSecondsToAdd, localDay, quotaFor } from './domain/quota';
import { type RefusalReason, refusalMessage, STOPPED_BY_SAFETY, TUTOR_UNAVAILABLE } from './domain/refusals';
import { ReplyRegistry, ReplyRun } from './domain/reply-run';
import type { ChatLang, ChildDirectory, ChildProfile, Publish, SafetyAlerts, Tutor } from './ports';
import * as store from './store';

export type ChatAction = 'chat.send' | 'conversation.read' | 'conversation.delete';

export interface ChatDeps {
  database: Database;
  cache: Cache;
  logger: Logger;
  clock?: Clock;
  keyring: FamilyKeyring;
  children: ChildDirectory;
  tutor: Tutor;
  scanner: Scanner;
  /** A hosted moderation model asked beside the scanner, within its deadline; none = local only. */
  secondOpinion?: SecondOpinion | undefined;
  alerts: SafetyAlerts;
  publish: Publish;
  /** The policy: throws when the principal may not act on the child. */
  authorize: (
    principal: Principal | null,
    action: ChatAction,
    child: { childId: string; familyId: string },
  ) => void;
  /** How long one reply may hold the child's reply slot. */
  replyLockMs?: number;
}

export const MAX_MESSAGE_CHARS = 2000;
const WINDOW_TURNS = 6;
const SUBJECT_SWITCH_CONFIDENCE = 0.7;

export interface SendInput {
  conversationId?: string | undefined;
  text: string;
  subject?: string | undefined;
}

export interface SafetySummary {
  action: string;
  severity: string;
  categories: string[];
}

export type SendOutcome =
  | { status: 'refused'; reason: RefusalReason; message: string; retryAt: Date | null }
  | {
      status: 'accepted';
      conversationId: string;
      messageId: string;
      replyId: string;
      subject: string;
      subjectChanged: boolean;
      safety: SafetySummary;
      /** Shown to the child at once for self-harm: the tutor stays, and so do these. */
      crisisLines: Array<{ name: string; phone: string; hours: string; country: string }>;
    };

/** Removes what is not text (NUL and other controls, lone surrogates) and bounds the size. */
export function cleanMessage(raw: string): string {
  const text = raw
    .toWellFormed()
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .trim();
  if (text.length === 0) throw new AppError('VALIDATION_FAILED', { detail: 'The message is empty' });
  if (text.length > MAX_MESSAGE_CHARS) {
    throw new AppError('VALIDATION_FAILED', {
      detail: `A message can be at most ${MAX_MESSAGE_CHARS} characters`,
    });
  }
  return text;
}

export function createChat(deps: ChatDeps) {
  const clock = deps.clock ?? systemClock;
  const { database, cache, keyring } = deps;
  const replies = new ReplyRegistry();
  const lockMs = deps.replyLockMs ?? 3 * 60_000;
  const log = deps.logger;

  async function profileOf(childId: string): Promise<ChildProfile> {
    const profile = await deps.children.childProfile(childId);
    if (!profile) throw new AppError('NOT_FOUND', { detail: 'Child was not found' });
    return profile;
  }

  async function windowOf(profile: ChildProfile, conversationId: string | undefined) {
    if (!conversationId) return [];
    const rows = await store.listMessages(database.db, conversationId, { limit: WINDOW_TURNS });
    return Promise.all(
      rows.map(async (row) => ({
        role: row.role,
        text: await keyring.open(database.db, profile.familyId, row.text_sealed, `msg:${row.id}`),
      })),
    );
  }

  function refusal(reason: RefusalReason, lang: ChatLang, retryAt?: Date): SendOutcome {
    return { status: 'refused', reason, message: refusalMessage(reason, lang), retryAt: retryAt ?? null };
  }

  async function send(principal: Principal | null, input: SendInput): Promise<SendOutcome> {
    if (principal?.role !== 'child' || !principal.childId || !principal.familyId) {
      throw new AppError(principal ? 'FORBIDDEN' : 'UNAUTHENTICATED');
    }
    const childId = principal.childId;
    deps.authorize(principal, 'chat.send', { childId, familyId: principal.familyId });
    const text = cleanMessage(input.text);
    const profile = await profileOf(childId);
    const now = clock.now();

    let conversation: store.ConversationRow | undefined;
    if (input.conversationId) {
      conversation = await store.findConversation(database.db, input.conversationId);
      // Another child's conversation looks exactly like a missing one.
      if (!conversation || conversation.child_id !== childId)
        throw new AppError('NOT_FOUND', { detail: 'Conversation was not found' });
    }
    // Scanned first, before any limit: a child who writes しにたい during quiet hours, while
    // paused or over the day's limit is still heard, and their parent still told (#12).
    const window = await windowOf(profile, conversation?.id);
    const scanInput = {
      text,
      lang: profile.lang,
      source: 'child' as const,
      window: window.map((turn) => ({ role: turn.role, text: turn.text })),
      ...(profile.country ? { country: profile.country } : {}),
    };
    const scan = deps.secondOpinion
      ? await deps.scanner.scanWithExtra(scanInput, deps.secondOpinion.extra, deps.secondOpinion.timeoutMs)
      : deps.scanner.scan(scanInput);
    const inDanger = scan.action === 'escalate';
    // A concern never moves the conversation to another subject (nor counts as learning in one).
    const concern = scan.categories.some((category) => category !== 'personal_info');
    const detected = deps.tutor.detectSubject(text, profile.lang);
    const currentSubject = input.subject ?? conversation?.subject ?? 'other';
    const subject =
      !concern &&
      !input.subject &&
      detected.confidence >= SUBJECT_SWITCH_CONFIDENCE &&
      detected.subject !== 'other'
        ? detected.subject
        : currentSubject;

    // The reply slot first: one reply at a time per child, across devices and replicas.
    const replyId = newId('rpl');
    let lockKey = `chat:reply-slot:${childId}`;
    if (!(await cache.setIfAbsent(lockKey, replyId, lockMs))) {
      if (!inDanger) return refusal('reply_in_progress', profile.lang);
      // The care reply is not a model call: it may run beside the reply that holds the slot.
      lockKey = `chat:care-slot:${replyId}`;
    }
    let keepSlot = false;
    try {
      const day = localDay(now, profile.timeZone);
      const usage = await store.dailyUsage(database.db, childId, day);
      // Reserve this message atomically; of two devices racing for the last
      // message of the day exactly one sees a count under the limit.
      const counterKey = `chat:messages:${childId}:${day}`;
      let reserved = await cache.increment(counterKey, 1, 36 * 3600_000);
      if (reserved === 1 && usage.messages > 0) reserved = await cache.increment(counterKey, usage.messages);
      const release = () => cache.increment(counterKey, -1);
      const access = await deps.children.checkChildAccess({
        childId,
        subject,
        usageToday: { minutes: Math.floor(usage.active_seconds / 60), messages: reserved - 1 },
        now,
      });
      // Limits refuse the tutor, never a child in danger: that message goes on to the care reply.
      if (!access.allowed) {
        await release();
        if (!inDanger) return refusal(access.reason, profile.lang, access.retryAt);
      }
      const quota = quotaFor(profile.plan);
      if (access.allowed && reserved > quota.messagesPerDay) {
        await release();
        if (!inDanger) return refusal('plan_messages', profile.lang);
      }
      const tokensToday = (await cache.get<number>(`chat:tokens:${childId}:${day}`)) ?? usage.tokens;
      if (!inDanger && tokensToday >= quota.tokensPerDay) {
        await release();
        return refusal('plan_tokens', profile.lang);
      }

      const conversationId = conversation?.id ?? newId('cnv');
      const messageId = newId('msg');
      // Only the redacted text reaches storage or a model.
      const stored = scan.redactedText;
      await database.transaction(async (tx) => {
        if (!conversation) {
          const title = stored.slice(0, 40);
          await store.insertConversation(tx, {
            id: conversationId,
            childId,
            familyId: profile.familyId,
            subject,
            titleSealed: await keyring.seal(tx, profile.familyId, title, `cnv:${conversationId}`),
          });
        }
        await store.insertMessage(tx, {
          ...emptyMessage,
          id: messageId,
          conversation_id: conversationId,
          child_id: childId,
          family_id: profile.familyId,
          role: 'child',
          text_sealed: await keyring.seal(tx, profile.familyId, stored, `msg:${messageId}`),
          subject,
          safety_action: scan.action,
          safety_severity: scan.severity,
          safety_categories: scan.categories.join(','),
        });
        await store.touchConversation(tx, conversationId, subject, 1);
        await store.addDailyUsage(tx, childId, day, {
          messages: 1,
          activeSeconds: activeSecondsToAdd(
            usage.last_message_at ? new Date(usage.last_message_at) : null,
            now,
          ),
          tokens: 0,
          at: now,
        });
        await deps.publish(tx, 'chat.message.sent', {
          messageId,
          conversationId,
          childId,
          familyId: profile.familyId,
          characters: stored.length,
          sentAt: now.toISOString(),
        });
        if (scan.action === 'escalate')
          await raiseAlert(tx, profile, conversationId, messageId, 'child', scan, stored, window);
      });

      const run = new ReplyRun(replyId, childId, conversationId);
      replies.add(run);
      keepSlot = true;
      const context = { profile, conversationId, subject, day, lockKey, window, childText: stored };
      if (scan.action === 'block' || scan.action === 'escalate') {
        // The tutor answers with care instead of with the model, and stays.
        void respondWithCare(run, context, scan).catch((error) =>
          log.error({ err: error }, 'care reply failed'),
        );
      } else {
        void generate(run, context, scan).catch((error) =>
          log.error({ err: error }, 'reply generation failed'),
        );
      }
      return {
        status: 'accepted',
        conversationId,
        messageId,
        replyId,
        subject,
        subjectChanged: Boolean(conversation) && subject !== conversation?.subject,
        safety: { action: scan.action, severity: scan.severity, categories: scan.categories },
        crisisLines: scan.crisisLines.map((line) => ({ ...line })),
      };
    } finally {
      if (!keepSlot) await cache.delete(lockKey);
    }
  }

  type RunContext = {
    profile: ChildProfile;
    conversationId: string;
    subject: string;
    day: string;
    lockKey: string;
    window: Array<{ role: 'child' | 'tutor'; text: string }>;
    childText: string;
  };

  async function raiseAlert(
    tx: Parameters<Parameters<Database['transaction']>[0]>[0],
    profile: ChildProfile,
    conversationId: string,
    messageId: string,
    source: 'child' | 'tutor',
    scan: ScanResult,
    flaggedText: string,
    window: RunContext['window'],
  ) {
    if (scan.severity === 'none') return;
    await deps.alerts.raise(tx, {
      familyId: profile.familyId,
      childId: profile.childId,
      conversationId,
      messageId,
      source,
      categories: scan.categories,
      severity: scan.severity,
      flaggedText,
      context: window.slice(-4),
    });
  }

  async function respondWithCare(run: ReplyRun, context: RunContext, scan: ScanResult) {
    const text = scan.reply?.text ?? STOPPED_BY_SAFETY[context.profile.lang];
    run.push(text);
    await persistReply(run, context, { outcome: 'completed', provider: 'safety', model: 'care-reply' });
    run.finish({ outcome: 'completed' });
  }

  async function generate(run: ReplyRun, context: RunContext, scan: ScanResult) {
    const { profile } = context;
    const guard = createStreamGuard(deps.scanner, {
      lang: profile.lang,
      window: [...context.window, { role: 'child', text: context.childText }],
    });
    const meta = { provider: 'unknown', model: 'unknown', promptVersion: null as string | null };
    let usage = { promptTokens: 0, completionTokens: 0 };
    let cost: { costMinor: number; currency: string | null } = { costMinor: 0, currency: null };
    let timing: { latencyMs: number | null; firstTokenMs: number | null } = {
      latencyMs: null,
      firstTokenMs: null,
    };
    let cut: ScanResult | undefined;
    let failed = false;
    let full = false;
    // Personal data was hidden before anything was stored; the child hears why, before the answer.
    const sharingNote = scan.reply?.category === 'personal_info' ? scan.reply.text : undefined;
    if (sharingNote) run.push(`${sharingNote}\n\n`);
    try {
      const events = deps.tutor.streamTutorReply({
        childId: profile.childId,
        familyId: profile.familyId,
        lang: profile.lang,
        grade: profile.grade,
        subject: context.subject,
        history: context.window,
        text: context.childText,
        containsPersonalData: scan.categories.includes('personal_info'),
        signal: run.controller.signal,
      });
      for await (const event of events) {
        if (event.type === 'meta')
          Object.assign(meta, {
            provider: event.provider,
            model: event.model,
            promptVersion: event.promptVersion,
          });
        else if (event.type === 'token') {
          const step = guard.push(event.text);
          if (!run.push(step.release)) full = true;
          if (step.cut || full) {
            cut = step.cut;
            run.controller.abort();
            break;
          }
        } else if (event.type === 'done') {
          usage = event.usage;
          cost = { costMinor: event.costMinor ?? 0, currency: event.currency ?? null };
          timing = { latencyMs: event.latencyMs ?? null, firstTokenMs: event.firstTokenMs ?? null };
        } else if (event.type === 'error') {
          failed = true;
          break;
        }
      }
      if (!cut && !run.controller.signal.aborted) {
        const last = guard.end();
        run.push(last.release);
        cut = last.cut;
      }
    } catch (error) {
      if (!run.controller.signal.aborted) {
        failed = true;
        log.warn({ err: error, replyId: run.id }, 'tutor stream failed');
      }
    }
    const outcome = cut
      ? 'cut_by_safety'
      : failed
        ? 'failed'
        : run.controller.signal.aborted
          ? 'stopped'
          : 'completed';
    const notice = cut
      ? STOPPED_BY_SAFETY[profile.lang]
      : failed
        ? TUTOR_UNAVAILABLE[profile.lang]
        : undefined;
    await persistReply(run, context, { outcome, ...meta, usage, ...cost, ...timing, notice, cut });
    run.finish(notice ? { outcome, notice } : { outcome });
  }

  async function persistReply(
    run: ReplyRun,
    context: RunContext,
    result: {
      outcome: string;
      provider: string;
      model: string;
      promptVersion?: string | null;
      usage?: { promptTokens: number; completionTokens: number };
      costMinor?: number;
      currency?: string | null;
      latencyMs?: number | null;
      firstTokenMs?: number | null;
      notice?: string | undefined;
      cut?: ScanResult | undefined;
    },
  ) {
    const { profile } = context;
    const messageId = newId('msg');
    const text = result.notice ? `${run.text}${run.text ? '\n\n' : ''}${result.notice}` : run.text;
    const tokens = (result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0);
    try {
      await database.transaction(async (tx) => {
        await store.insertMessage(tx, {
          ...emptyMessage,
          id: messageId,
          conversation_id: context.conversationId,
          child_id: profile.childId,
          family_id: profile.familyId,
          role: 'tutor',
          text_sealed: await keyring.seal(tx, profile.familyId, text, `msg:${messageId}`),
          subject: context.subject,
          prompt_tokens: result.usage?.promptTokens ?? 0,
          completion_tokens: result.usage?.completionTokens ?? 0,
          cost_minor: result.costMinor ?? 0,
          currency: result.currency ?? null,
          provider: result.provider,
          model: result.model,
          prompt_version: result.promptVersion ?? null,
          latency_ms: result.latencyMs ?? null,
          first_token_ms: result.firstTokenMs ?? null,
          safety_action: result.cut?.action ?? 'allow',
          safety_severity: result.cut?.severity ?? 'none',
          safety_categories: result.cut?.categories.join(',') ?? '',
          outcome: result.outcome,
        });
        await store.touchConversation(tx, context.conversationId, context.subject, 1);
        await store.addDailyUsage(tx, profile.childId, context.day, {
          messages: 0,
          activeSeconds: 0,
          tokens,
          at: clock.now(),
        });
        await deps.publish(tx, 'chat.reply.completed', {
          messageId,
          conversationId: context.conversationId,
          childId: profile.childId,
          familyId: profile.familyId,
          provider: result.provider.slice(0, 64),
          model: result.model.slice(0, 128),
          inputTokens: result.usage?.promptTokens ?? 0,
          outputTokens: result.usage?.completionTokens ?? 0,
          completedAt: clock.now().toISOString(),
        });
        if (result.cut?.action === 'escalate') {
          await raiseAlert(
            tx,
            profile,
            context.conversationId,
            messageId,
            'tutor',
            result.cut,
            run.text,
            context.window,
          );
        }
      });
      if (tokens > 0)
        await cache.increment(`chat:tokens:${profile.childId}:${context.day}`, tokens, 36 * 3600_000);
    } finally {
      await cache.delete(context.lockKey);
    }
  }

  return { send, replies, profileOf };
}

const emptyMessage: Omit<
  store.NewMessage,
  'id' | 'conversation_id' | 'child_id' | 'family_id' | 'role' | 'text_sealed' | 'subject'
> = {
  prompt_tokens: 0,
  completion_tokens: 0,
  cost_minor: 0,
  currency: null,
  provider: null,
  model: null,
  prompt_version: null,
  latency_ms: null,
  first_token_ms: null,
  safety_action: 'allow',
  safety_severity: 'none',
  safety_categories: '',
  outcome: null,
};
