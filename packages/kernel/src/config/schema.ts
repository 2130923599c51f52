import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}:`)), {
    message: `must be a ${protocols.join(' or ')} URL`,
  });

const csv = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/**
 * Every environment variable Manabee reads, in one place. `.env.example`
 * documents the same list; a test keeps the two in step.
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  MANABEE_DATA_DIR: z.string().min(1).default('./.manabee'),
  MANABEE_ROLES: csv.default(['all']),
  DATABASE_URL: url(['postgres', 'postgresql']).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  MIGRATE_ON_START: bool.default(true),
  REDIS_URL: url(['redis', 'rediss']).optional(),
  REDIS_KEY_PREFIX: z.string().max(64).default('manabee:'),
  NATS_URL: url(['nats', 'tls']).optional(),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('MANABEE_EVENTS'),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .default('manabee'),
  SMTP_URL: url(['smtp', 'smtps']).optional(),
  MAIL_FROM: z.string().min(3).default('Manabee <no-reply@manabee.local>'),
  MASTER_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, {
      message: 'must be 32 bytes, base64-encoded (openssl rand -base64 32)',
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  CORS_ORIGINS: csv.default([]),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  JOB_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  LOAD_SHEDDING_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).default(1000),
});

/** In production a missing secret or an embedded store is a start-up error, never a silent fallback. */
export const requiredInProduction = ['DATABASE_URL', 'MASTER_KEY'] as const;

export type RawConfig = z.input<typeof configSchema>;
export type ParsedEnv = z.output<typeof configSchema>;

/** Variables whose values must never be printed, even in error messages. */
export const secretVariables = new Set(['DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'SMTP_URL', 'MASTER_KEY']);
