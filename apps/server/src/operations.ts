import {
  AppError,
  type GraphQLContribution,
  listStoredMail,
  type Principal,
  type RequestContext,
  sql,
} from '@manabee/kernel';
import type { ServerConfig } from './config';
import type { Infrastructure } from './infrastructure';
import type { Services } from './services';

/**
 * The operator console's system view: health of each part, job and
 * dead-letter queues, the AI providers and what they cost today, and the
 * embedded mail outbox. Owned by the composition root because it looks across
 * every part of the platform.
 */
export const typeDefs = /* GraphQL */ `
  type SystemPart {
    name: String!
    ok: Boolean!
    mode: String!
    detail: String!
  }
  type QueueDepth {
    queue: String!
    pending: Int!
    running: Int!
    dead: Int!
  }
  type JobSummary {
    pending: Int!
    running: Int!
    dead: Int!
    byQueue: [QueueDepth!]!
  }
  type OutboxLag {
    unpublished: Int!
    oldestAgeMs: Float!
  }
  type ProviderState {
    id: String!
    model: String!
    state: String!
    failures: Int!
  }
  type ProviderCost {
    provider: String!
    currency: String!
    messages: Int!
    costMinor: Int!
  }
  type SystemStatus {
    parts: [SystemPart!]!
    jobs: JobSummary!
    outbox: OutboxLag!
    providers: [ProviderState!]!
    costToday: [ProviderCost!]!
  }
  type DeadLetter {
    id: ID!
    kind: String!
    source: String!
    name: String!
    error: String!
    attempts: Int!
    failedAt: String!
    retriedAt: String
  }
  type OutboxMail {
    file: String!
    to: String!
    subject: String!
    date: String!
    text: String!
  }
  extend type Query {
    "Operators (support, admin)."
    systemStatus: SystemStatus!
    deadLetters(first: Int = 50): [DeadLetter!]!
    "The embedded mail outbox (.eml files); empty when SMTP is configured."
    mailOutbox(first: Int = 50): [OutboxMail!]!
  }
  extend type Mutation {
    "Admins: put a dead letter back to work; returns the new job id."
    retryDeadLetter(id: ID!): ID!
  }
`;

interface DeadLetterRow {
  id: string;
  kind: string;
  source: string;
  name: string;
  error: string;
  attempts: number;
  failed_at: Date;
  retried_at: Date | null;
}

export function operationsContribution(
  infra: Infrastructure,
  services: Services,
  config: ServerConfig,
): GraphQLContribution {
  const authorize = (principal: Principal | null, action: 'system.read' | 'system.manage') =>
    services.auth.authorize(principal, action, { type: 'system' });
  const timed = async (work: () => Promise<unknown>) => {
    try {
      await work();
      return true;
    } catch {
      return false;
    }
  };
  return {
    typeDefs,
    resolvers: {
      Query: {
        systemStatus: async (_: unknown, __: unknown, ctx: RequestContext) => {
          authorize(ctx.principal, 'system.read');
          const [database, cache, bus, mail] = await Promise.all([
            timed(() => infra.database.ping()),
            timed(() => infra.cache.ping()),
            timed(() => infra.bus.lag()),
            timed(() => infra.mail.verify()),
          ]);
          const jobs = await infra.jobs.stats();
          const outbox = await infra.bus.lag();
          const today = services.ai.usage.dayOf(new Date());
          return {
            parts: [
              {
                name: 'database',
                ok: database,
                mode: config.database.url ? 'real' : 'embedded',
                detail: infra.database.kind,
              },
              {
                name: 'cache',
                ok: cache,
                mode: config.redis.url ? 'real' : 'embedded',
                detail: infra.cache.kind,
              },
              {
                name: 'bus',
                ok: bus,
                mode: config.nats.url ? 'real' : 'embedded',
                detail: infra.bus.transport,
              },
              {
                name: 'mail',
                ok: mail,
                mode: config.mail.smtpUrl ? 'real' : 'embedded',
                detail: infra.mail.kind,
              },
            ],
            jobs: {
              pending: jobs.pending,
              running: jobs.running,
              dead: jobs.dead,
              byQueue: Object.entries(jobs.byQueue).map(([queue, counts]) => ({ queue, ...counts })),
            },
            outbox,
            providers: services.ai.providerStatus().map((status) => ({
              id: status.provider,
              model: status.model,
              state: status.state,
              failures: status.consecutiveFailures,
            })),
            costToday: await services.ai.costByProvider(today),
          };
        },
        deadLetters: async (_: unknown, args: { first?: number | null }, ctx: RequestContext) => {
          authorize(ctx.principal, 'system.read');
          const limit = Math.min(Math.max(args.first ?? 50, 1), 200);
          const { rows } =
            await sql<DeadLetterRow>`select id, kind, source, name, error, attempts, failed_at, retried_at
            from dead_letters order by failed_at desc limit ${limit}`.execute(infra.database.db);
          return rows.map((row) => ({
            ...row,
            // Errors can quote provider responses; keep them short in the console.
            error: row.error.slice(0, 500),
            failedAt: new Date(row.failed_at).toISOString(),
            retriedAt: row.retried_at ? new Date(row.retried_at).toISOString() : null,
          }));
        },
        mailOutbox: async (_: unknown, args: { first?: number | null }, ctx: RequestContext) => {
          authorize(ctx.principal, 'system.read');
          const mails = await listStoredMail(infra.mailDir, Math.min(Math.max(args.first ?? 50, 1), 200));
          return mails.map((mail) => parseMail(mail.file, mail.raw));
        },
      },
      Mutation: {
        retryDeadLetter: async (_: unknown, args: { id: string }, ctx: RequestContext) => {
          authorize(ctx.principal, 'system.manage');
          try {
            return await infra.jobs.retryDeadLetter(args.id);
          } catch (error) {
            if (error instanceof AppError) throw error;
            throw new AppError('NOT_FOUND', { detail: 'Dead letter was not found or was already retried' });
          }
        },
      },
    },
  };
}

/** Headers and the plain-text part of an .eml written by the embedded transport. */
export function parseMail(file: string, raw: string) {
  const unfolded = raw.replace(/\r\n/g, '\n');
  const [head = '', ...rest] = unfolded.split('\n\n');
  const header = (name: string) =>
    new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'mi').exec(head)?.[1]?.replace(/\n[ \t]/g, ' ') ?? '';
  const body = rest.join('\n\n');
  const plain =
    /Content-Type: text\/plain[^\n]*\n(?:[^\n]+\n)*\n([\s\S]*?)(?:\n--|$)/i.exec(body)?.[1] ?? body;
  const text = plain
    .replace(/=\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return {
    file,
    to: header('To'),
    subject: decodeWords(header('Subject')),
    date: header('Date'),
    text: Buffer.from(text, 'latin1').toString('utf8').slice(0, 20_000),
  };
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= / Q) in headers. */
function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_match, encoding: string, data: string) =>
    encoding.toLowerCase() === 'b'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
