import { hkdfSync } from 'node:crypto';
import {
  type AiService,
  aiSettingsFromEnv,
  createAiService,
  gradeBandOf,
  tutorPromptKey,
  subjects as tutorSubjects,
} from '@manabee/ai';
import { type AuditService, auditServiceDefinition, createAuditService } from '@manabee/audit';
import { type AuthService, createAuthService, isSubject } from '@manabee/auth';
import { type ChatService, createChatService, type Tutor, type TutorEvent } from '@manabee/chat';
import type { EventName } from '@manabee/contracts';
import type { Executor, Logger, Principal, RequestContext, ServiceDefinition } from '@manabee/kernel';
import { createNotificationService, type NotificationConfig } from '@manabee/notification';
import { createPrivacyService, type PrivacyService } from '@manabee/privacy';
import { createReportService, type ReportService } from '@manabee/report';
import { createSafetyService, createSecondOpinion } from '@manabee/safety';
import type { FastifyRequest } from 'fastify';
import type { ServerConfig } from './config';
import type { Infrastructure } from './infrastructure';

export const serviceNames = [
  'auth',
  'audit',
  'ai',
  'safety',
  'chat',
  'notification',
  'privacy',
  'report',
] as const;

type SafetyService = ReturnType<typeof createSafetyService>;
type NotificationService = ReturnType<typeof createNotificationService>;

export interface Services {
  auth: AuthService;
  audit: AuditService;
  ai: AiService;
  safety: SafetyService;
  chat: ChatService;
  notification: NotificationService;
  privacy: PrivacyService;
  report: ReportService;
  definitions: ServiceDefinition[];
  resolvePrincipal(request: FastifyRequest): Promise<Principal | null>;
  /** The platform hands back the context builder once HTTP exists (REST routes use it). */
  setContextResolver(resolver: (request: FastifyRequest) => Promise<RequestContext>): void;
  close(): Promise<void>;
}

/** Keys for separate purposes, derived from the one master key (RFC 5869). */
function derivedKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `manabee:${purpose}`, 32));
}

/**
 * Builds every service from the infrastructure and links them through their
 * public interfaces: the one place where one service's API meets another's port.
 */
export async function composeServices(
  infra: Infrastructure,
  config: ServerConfig,
  logger: Logger,
): Promise<Services> {
  let contextOf: ((request: FastifyRequest) => Promise<RequestContext>) | undefined;
  const contextFor = (request: FastifyRequest) => {
    if (!contextOf) throw new Error('request context is not ready');
    return contextOf(request);
  };
  const publish = (tx: Executor, name: string, payload: Record<string, unknown>) =>
    infra.bus.publish(tx, name as EventName, payload as never);
  const log = (service: string) => logger.child({ service });

  // The audit log needs the policy and the policy's owner needs the audit log:
  // audit asks through a late-bound reference.
  let auth: AuthService | undefined;
  const audit = createAuditService({
    database: infra.database,
    logger: log('audit'),
    authorize: (principal, action) =>
      auth!.authorize(principal, action === 'audit.export' ? 'audit.export' : 'audit.read', {
        type: 'audit_log',
      }),
  });
  auth = createAuthService({
    database: infra.database,
    cache: infra.cache,
    mail: infra.mail,
    logger: log('auth'),
    audit,
    publish,
    publicUrl: config.publicUrl,
    allowedOrigins: config.http.corsOrigins,
    secretKey: derivedKey(infra.masterKey, 'auth-totp'),
    keyring: infra.keyring,
  });
  const authService = auth;

  const ai = createAiService({
    database: infra.database,
    cache: infra.cache,
    logger,
    metrics: infra.metrics,
    config: aiSettingsFromEnv(config.extensions.ai),
    authorize: (principal, action) => auth!.authorize(principal, action, { type: 'prompt' }),
  });

  const notification = createNotificationService({
    database: infra.database,
    mail: infra.mail,
    jobs: infra.jobs,
    bus: infra.bus,
    logger: log('notification'),
    registry: infra.metrics,
    config: notificationConfig(config, derivedKey(infra.masterKey, 'unsubscribe')),
    recipients: {
      recipientsForFamily: (familyId) => authService.recipientsForFamily(familyId),
      recipient: (userId) => authService.recipient(userId),
      childName: async (childId) => (await authService.childProfile(childId))?.nickname ?? null,
    },
  });

  // Chat scans through safety and safety reads chat's messages for missed reports: late-bound, like audit.
  let chatService: ChatService | undefined;
  const safety = createSafetyService({
    database: infra.database,
    keyring: infra.keyring,
    audit,
    publish,
    authorize: (principal, action, resource) => authService.authorize(principal, action, resource),
    messages: { childMessage: (messageId) => chatService!.childMessage(messageId) },
    logger: log('safety'),
    onAcknowledged: async (alertId) => {
      await notification.markAlertAcknowledged(alertId);
    },
  });
  await safety.init();
  const stopRefresh = safety.startRefresh();

  const chat = createChatService({
    database: infra.database,
    cache: infra.cache,
    logger: log('chat'),
    keyring: infra.keyring,
    scanner: safety.scanner,
    secondOpinion: createSecondOpinion({
      ...config.extensions.safety,
      OPENAI_API_KEY: config.extensions.ai.OPENAI_API_KEY,
    }),
    alerts: safety.alerts,
    publish,
    children: {
      childProfile: (childId) => authService.childProfile(childId),
      checkChildAccess: ({ childId, subject, usageToday, now }) =>
        authService.checkChildAccess({
          childId,
          subject: isSubject(subject) ? subject : 'other',
          usageToday,
          now,
        }),
    },
    tutor: tutorFor(ai),
    authorize: (principal, action, child) =>
      authService.authorize(principal, action, {
        type: 'conversation',
        childId: child.childId,
        familyId: child.familyId,
      }),
  });

  chatService = chat;

  // Weekly reports: numbers from chat and safety, people and zones from auth.
  const report = createReportService({
    database: infra.database,
    logger: log('report'),
    authorize: (principal, action, resource) => authService.authorize(principal, action, resource),
    children: {
      childProfile: (childId) => authService.childProfile(childId),
      timeZonesInUse: () => authService.timeZonesInUse(),
      childrenInTimeZones: (zones) => authService.childrenInTimeZones(zones),
    },
    activity: { activityOf: (childId, range) => chat.activityOf(childId, range) },
    alerts: { alertCountsOf: (childId, from, to) => safety.alertCountsOf(childId, from, to) },
    publish: (tx, name, payload) => infra.bus.publish(tx, name, payload),
  });

  // A family's data rights: each service gathers and erases its own part.
  const privacy = createPrivacyService({
    database: infra.database,
    keyring: infra.keyring,
    logger: log('privacy'),
    jobs: infra.jobs,
    bus: infra.bus,
    audit,
    authorize: (principal, action, resource) => authService.authorize(principal, action, resource),
    familyMembers: (familyId) => authService.familyMembers(familyId),
    sources: [
      { name: 'account', collect: (family) => authService.exportAccountData(family.familyId) },
      { name: 'chat', collect: (family) => chat.exportFamilyData(family) },
      { name: 'safety', collect: (family) => safety.exportFamilyData(family) },
      { name: 'notification', collect: (family) => notification.exportFamilyData(family) },
      { name: 'ai', collect: (family) => ai.exportFamilyData(family) },
    ],
    erasers: [
      { name: 'chat', erase: (tx, family) => chat.eraseFamily(tx, family) },
      { name: 'safety', erase: (tx, family) => safety.eraseFamily(tx, family) },
      { name: 'notification', erase: (tx, family) => notification.eraseFamily(tx, family) },
      { name: 'ai', erase: (tx, family) => ai.eraseFamily(tx, family) },
      { name: 'report', erase: (tx, family) => report.eraseFamily(tx, family) },
    ],
  });

  return {
    auth: authService,
    audit,
    ai,
    safety,
    chat,
    notification,
    privacy,
    report,
    definitions: [
      authService.definition(),
      auditServiceDefinition(audit, contextFor),
      ai.definition(),
      safety.definition(),
      chat.definition(),
      notification.definition(),
      privacy.definition(contextFor),
      report.definition(),
    ],
    resolvePrincipal: (request) => authService.resolvePrincipal(request),
    setContextResolver(resolver) {
      contextOf = resolver;
    },
    async close() {
      stopRefresh();
    },
  };
}

/** Chat's tutor port over the ai service: subjects and grades in the tutor's range, prompt ids recorded. */
function tutorFor(ai: AiService): Tutor {
  return {
    async *streamTutorReply(input): AsyncIterable<TutorEvent> {
      const subject = (tutorSubjects as readonly string[]).includes(input.subject)
        ? (input.subject as (typeof tutorSubjects)[number])
        : 'other';
      // The tutor's prompts cover grades 1–9; high-schoolers get the junior-high voice.
      const grade = Math.min(Math.max(input.grade, 1), 9);
      const history = input.history.map((turn) => ({
        role: turn.role === 'child' ? ('user' as const) : ('assistant' as const),
        text: turn.text,
      }));
      for await (const event of ai.streamTutorReply({ ...input, history, subject, grade })) {
        if (event.type === 'meta') {
          const key = tutorPromptKey(input.lang, gradeBandOf(grade), subject);
          yield { ...event, promptVersion: `${key}@${event.promptVersion}` };
        } else if (event.type === 'done') {
          const { firstTokenMs, ...rest } = event;
          yield firstTokenMs === null ? rest : { ...rest, firstTokenMs };
        } else yield event;
      }
    },
    detectSubject: (text, lang) => ai.detectSubject(text, lang),
  };
}

function notificationConfig(config: ServerConfig, unsubscribeSecret: Buffer): NotificationConfig {
  const env = config.extensions.notification;
  return {
    publicUrl: config.publicUrl,
    unsubscribeSecret,
    ...(env.SENDGRID_API_KEY
      ? {
          sendgrid: {
            apiKey: env.SENDGRID_API_KEY,
            ...(env.SENDGRID_WEBHOOK_PUBLIC_KEY ? { webhookPublicKey: env.SENDGRID_WEBHOOK_PUBLIC_KEY } : {}),
          },
        }
      : {}),
    ...(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? {
          twilio: {
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            from: env.TWILIO_FROM,
          },
        }
      : {}),
    ...(env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
      ? {
          webPush: {
            publicKey: env.VAPID_PUBLIC_KEY,
            privateKey: env.VAPID_PRIVATE_KEY,
            subject: env.VAPID_SUBJECT,
          },
        }
      : {}),
    ...(env.FCM_PROJECT_ID && env.FCM_CLIENT_EMAIL && env.FCM_PRIVATE_KEY
      ? {
          fcm: {
            projectId: env.FCM_PROJECT_ID,
            clientEmail: env.FCM_CLIENT_EMAIL,
            privateKey: env.FCM_PRIVATE_KEY,
          },
        }
      : {}),
  };
}
