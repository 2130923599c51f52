/**
 * One catalogue of application errors with stable codes and an explicit mapping
 * to HTTP statuses (RFC 9457 problem+json) and GraphQL error codes. Domain code
 * throws `AppError`; only the edges translate it. Anything else that escapes is
 * an internal error and its message and stack never reach a client.
 */
export const errorCatalogue = {
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  VALIDATION_FAILED: { status: 422, title: 'The request has invalid fields' },
  UNAUTHENTICATED: { status: 401, title: 'Sign-in required' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONFLICT: { status: 409, title: 'Conflict with the current state' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  LIMIT_REACHED: { status: 429, title: 'A usage limit was reached' },
  PAYMENT_REQUIRED: { status: 402, title: 'This needs a paid plan' },
  UNAVAILABLE: { status: 503, title: 'Temporarily unavailable' },
  DEPENDENCY_FAILED: { status: 502, title: 'An upstream service failed' },
  INTERNAL: { status: 500, title: 'Internal error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  issues?: FieldIssue[];
  retryAfterSeconds?: number;
  /** Extra machine-readable members for the problem document; never secrets. */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly issues: FieldIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.detail ?? errorCatalogue[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.detail = options.detail;
    this.issues = options.issues;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export const notFound = (what: string) => new AppError('NOT_FOUND', { detail: `${what} was not found` });
export const forbidden = (detail?: string) => new AppError('FORBIDDEN', detail ? { detail } : {});
export const unauthenticated = () => new AppError('UNAUTHENTICATED');

/** RFC 9457 problem details document. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  requestId?: string;
  issues?: FieldIssue[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://manabee.app/problems/';

export function toProblem(
  error: unknown,
  context: { instance?: string; requestId?: string } = {},
): ProblemDocument {
  const app = isAppError(error) ? error : new AppError('INTERNAL');
  const problem: ProblemDocument = {
    ...(app.extensions ?? {}),
    type: `${PROBLEM_BASE}${app.code.toLowerCase().replaceAll('_', '-')}`,
    title: errorCatalogue[app.code].title,
    status: app.status,
    code: app.code,
  };
  if (app.detail) problem.detail = app.detail;
  if (app.issues) problem.issues = app.issues;
  if (context.instance) problem.instance = context.instance;
  if (context.requestId) problem.requestId = context.requestId;
  return problem;
}

/** GraphQL `extensions.code` for an error, as clients switch on it. */
export function toGraphQLExtensions(error: unknown): {
  code: ErrorCode;
  status: number;
  issues?: FieldIssue[];
} {
  const app = isAppError(error) ? error : new AppError('INTERNAL');
  return app.issues
    ? { code: app.code, status: app.status, issues: app.issues }
    : { code: app.code, status: app.status };
}

/** Converts a zod error into field issues without echoing the offending values. */
export function issuesFromZod(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
