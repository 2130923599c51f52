import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, errorCatalogue, issuesFromZod, toGraphQLExtensions, toProblem } from '../src/errors';

describe('error catalogue', () => {
  // The mapping is a contract with clients: changing a status is a breaking change.
  const expected: Record<string, number> = {
    BAD_REQUEST: 400,
    VALIDATION_FAILED: 422,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    ROUTE_NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
    CONFLICT: 409,
    PAYLOAD_TOO_LARGE: 413,
    UNSUPPORTED_MEDIA_TYPE: 415,
    RATE_LIMITED: 429,
    LIMIT_REACHED: 429,
    PAYMENT_REQUIRED: 402,
    UNAVAILABLE: 503,
    DEPENDENCY_FAILED: 502,
    INTERNAL: 500,
  };

  it('maps every code to its documented HTTP status and GraphQL code', () => {
    expect(Object.keys(errorCatalogue).sort()).toEqual(Object.keys(expected).sort());
    for (const [code, status] of Object.entries(expected)) {
      const error = new AppError(code as keyof typeof errorCatalogue);
      expect(toProblem(error).status).toBe(status);
      expect(toGraphQLExtensions(error)).toMatchObject({ code, status });
    }
  });

  it('renders RFC 9457 problem documents', () => {
    const problem = toProblem(new AppError('NOT_FOUND', { detail: 'Child was not found' }), {
      instance: '/api/children/x',
      requestId: 'req-1',
    });
    expect(problem).toEqual({
      type: 'https://manabee.app/problems/not-found',
      title: 'Not found',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Child was not found',
      instance: '/api/children/x',
      requestId: 'req-1',
    });
  });

  it('hides everything about unexpected errors', () => {
    const problem = toProblem(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    expect(problem).toEqual({
      type: 'https://manabee.app/problems/internal',
      title: 'Internal error',
      status: 500,
      code: 'INTERNAL',
    });
    expect(JSON.stringify(problem)).not.toMatch(/hunter2|ECONNREFUSED|stack/);
  });

  it('turns zod issues into field paths without echoing values', () => {
    const result = z.object({ nickname: z.string().max(3) }).safeParse({ nickname: 'secret-value' });
    expect(result.success).toBe(false);
    if (result.success) return;
    const issues = issuesFromZod(result.error);
    expect(issues[0]?.path).toBe('nickname');
    expect(JSON.stringify(issues)).not.toContain('secret-value');
  });
});
