import pino, { type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Keys whose values never reach a log line: credentials, contact data and any
 * text a child or the tutor wrote. Matched case-insensitively at any depth.
 */
const SENSITIVE_KEYS = new Set(
  [
    'authorization',
    'cookie',
    'set-cookie',
    'password',
    'newpassword',
    'currentpassword',
    'passwordhash',
    'pin',
    'token',
    'accesstoken',
    'refreshtoken',
    'sessiontoken',
    'secret',
    'totpsecret',
    'apikey',
    'x-api-key',
    'email',
    'phone',
    'text',
    'content',
    'message_text',
    'messagetext',
    'prompt',
    'completion',
    'body',
    'masterkey',
    'databaseurl',
    'redisurl',
    'smtpurl',
  ].map((key) => key.toLowerCase()),
);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BEARER = /(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_CREDENTIALS = /(\w+:\/\/)[^/\s:@]+:[^/\s@]+@/g;
export const REDACTED = '[redacted]';

export function scrubString(value: string): string {
  return value
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(EMAIL, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`);
}

/** Deep copy of a log object with sensitive keys removed and emails masked. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return scrubString(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubString(value.message),
      stack: value.stack ? scrubString(value.stack) : undefined,
    };
  }
  // Only plain objects are copied; class instances (requests, replies) keep
  // their prototype so the serializers below can read their getters.
  if (value && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEYS.has(key.toLowerCase()) ? REDACTED : scrub(inner, depth + 1);
    }
    return out;
  }
  return value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  name?: string;
  /** For tests: where lines go. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.name ?? 'manabee' },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrub(object) as Record<string, unknown>,
    },
    hooks: {
      // The message string itself can carry an email or a URL with a password.
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubString(arg) : arg));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    serializers: {
      err: (error: unknown) => scrub(error),
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        url: req.url
          ? scrubString(req.url.replace(/([?&](token|code|key)=)[^&]+/gi, `$1${REDACTED}`))
          : undefined,
        id: req.id,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  if (options.destination) return pino(pinoOptions, options.destination);
  if (options.pretty) {
    return pino({
      ...pinoOptions,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(pinoOptions);
}
