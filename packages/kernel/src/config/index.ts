import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import type { z } from 'zod';
import { configSchema, type ParsedEnv, requiredInProduction, secretVariables } from './schema';

export { configSchema, secretVariables } from './schema';

export interface Config {
  readonly env: ParsedEnv['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly roles: readonly string[];
  readonly database: {
    readonly url: string | undefined;
    readonly poolMax: number;
    readonly migrateOnStart: boolean;
  };
  readonly redis: { readonly url: string | undefined; readonly keyPrefix: string };
  readonly nats: {
    readonly url: string | undefined;
    readonly stream: string;
    readonly subjectPrefix: string;
  };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly masterKey: string | undefined;
  readonly log: { readonly level: ParsedEnv['LOG_LEVEL']; readonly pretty: boolean };
  readonly http: {
    readonly corsOrigins: readonly string[];
    readonly bodyLimitBytes: number;
    readonly maxEventLoopDelayMs: number;
  };
  readonly shutdownTimeoutMs: number;
  readonly events: { readonly maxAttempts: number; readonly pollIntervalMs: number };
  readonly jobs: { readonly pollIntervalMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads `.env` (if present) under the real environment, validates every
 * variable at once and returns an immutable config. On any problem it throws
 * a ConfigError naming every wrong variable and why, without its value.
 */
export interface ConfigExtension {
  /** The service's own variables: one zod object, parsed with the kernel's. */
  schema: z.ZodObject;
  /** Which of them must never be printed. */
  secrets?: readonly string[];
}

export interface LoadConfigOptions<E extends Record<string, ConfigExtension>> {
  dotenvPath?: string | false;
  /** Services' variables, validated in the same pass so every problem is listed at once. */
  extensions?: E;
}

export type ConfigWith<E extends Record<string, ConfigExtension>> = Config & {
  readonly extensions: { readonly [K in keyof E]: z.output<E[K]['schema']> };
};

export function loadConfig<E extends Record<string, ConfigExtension> = Record<never, ConfigExtension>>(
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions<E> = {},
): ConfigWith<E> {
  const dotenvPath = options.dotenvPath ?? path.resolve('.env');
  const fromFile = dotenvPath && existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value !== '') merged[key] = value;
  // Only variables the schema knows; the rest of the environment is not ours.
  const known = Object.fromEntries(Object.keys(configSchema.shape).map((key) => [key, merged[key]]));
  const result = configSchema.safeParse(known);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '(config)');
        const message = secretVariables.has(key) ? issue.message.replace(/"[^"]*"/g, '"***"') : issue.message;
        return `${key}: ${message}`;
      });
  if (known.NODE_ENV === 'production') {
    for (const key of requiredInProduction)
      if (!known[key]) problems.push(`${key}: is required when NODE_ENV=production`);
  }
  const extensions: Record<string, unknown> = {};
  for (const [name, extension] of Object.entries(options.extensions ?? {})) {
    const secrets = new Set(extension.secrets ?? []);
    const values = Object.fromEntries(Object.keys(extension.schema.shape).map((key) => [key, merged[key]]));
    const parsed = extension.schema.safeParse(values);
    if (parsed.success) extensions[name] = parsed.data;
    else {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? name);
        problems.push(
          `${key}: ${secrets.has(key) ? issue.message.replace(/"[^"]*"/g, '"***"') : issue.message}`,
        );
      }
    }
  }
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  const e = result.data;
  return deepFreeze({
    extensions: extensions as ConfigWith<E>['extensions'],
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
    dataDir: path.resolve(e.MANABEE_DATA_DIR),
    roles: e.MANABEE_ROLES,
    database: { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, migrateOnStart: e.MIGRATE_ON_START },
    redis: { url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX },
    nats: { url: e.NATS_URL, stream: e.NATS_STREAM, subjectPrefix: e.NATS_SUBJECT_PREFIX },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    masterKey: e.MASTER_KEY,
    log: {
      level: e.LOG_LEVEL,
      pretty: e.LOG_PRETTY ?? (e.NODE_ENV === 'development' && process.stdout.isTTY === true),
    },
    http: {
      corsOrigins: e.CORS_ORIGINS,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      maxEventLoopDelayMs: e.LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    events: { maxAttempts: e.EVENT_MAX_ATTEMPTS, pollIntervalMs: e.OUTBOX_POLL_INTERVAL_MS },
    jobs: { pollIntervalMs: e.JOB_POLL_INTERVAL_MS },
  });
}

/** A summary safe to print: which parts are embedded and which are real. */
export function describeConfig(config: Config): Record<string, string> {
  return {
    database: config.database.url
      ? `postgresql (${redactUrl(config.database.url)})`
      : `embedded PGlite (${config.dataDir}/data)`,
    cache: config.redis.url ? `redis (${redactUrl(config.redis.url)})` : 'embedded in-memory',
    bus: config.nats.url
      ? `nats jetstream (${redactUrl(config.nats.url)})`
      : 'embedded outbox, in-process delivery',
    mail: config.mail.smtpUrl
      ? `smtp (${redactUrl(config.mail.smtpUrl)})`
      : `.eml files (${config.dataDir}/mail)`,
    masterKey: config.masterKey ? 'from MASTER_KEY' : `generated per install (${config.dataDir}/master.key)`,
    roles: config.roles.join(','),
  };
}

export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    if (url.username) url.username = url.username ? '***' : '';
    return url.toString();
  } catch {
    return '***';
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
