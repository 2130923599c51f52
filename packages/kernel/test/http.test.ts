import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/errors';
import { createHttpServer, registerGraphQL } from '../src/http/index';
import { createLogger } from '../src/logger';

const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('HTTP server factory', () => {
  let app: Awaited<ReturnType<typeof createHttpServer>>;
  beforeAll(async () => {
    app = await createHttpServer({
      logger: quiet,
      corsOrigins: ['https://school.example'],
      bodyLimitBytes: 16 * 1024,
      maxEventLoopDelayMs: 0,
    });
    app.post('/echo', async (request) => ({ received: request.body }));
    app.get('/boom', async () => {
      throw new Error('database password=hunter2 leaked');
    });
    app.get('/missing', async () => {
      throw new AppError('NOT_FOUND', { detail: 'Child was not found' });
    });
    // Like auth's CSRF guard: refuses a request before GraphQL runs.
    app.addHook('onRequest', async (request) => {
      if (request.headers['x-test-refuse'])
        throw new AppError('FORBIDDEN', { detail: 'Cross-site request refused' });
    });
    await registerGraphQL(app, {
      logger: quiet,
      context: () => ({}),
      contributions: [
        {
          typeDefs: 'extend type Query { greet(name: String!): String!  fail: String  secret: String }',
          resolvers: {
            Query: {
              greet: (_: unknown, args: { name: string }) => `hello ${args.name}`,
              fail: () => {
                throw new AppError('FORBIDDEN');
              },
              secret: () => {
                throw new Error('stack trace with secrets');
              },
            },
          },
        },
      ],
    });
  });
  afterAll(async () => {
    await app.close();
  });

  const problem = (response: { headers: Record<string, unknown>; json: () => unknown }) => {
    expect(String(response.headers['content-type'])).toMatch(/application\/problem\+json/);
    return response.json() as { status: number; code: string; detail?: string };
  };

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(response.statusCode).toBe(400);
    expect(problem(response)).toMatchObject({
      code: 'BAD_REQUEST',
      detail: 'The request body is not valid JSON',
    });
  });

  it('answers oversized bodies with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(32 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(problem(response).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes with 404 and unsupported media with 415', async () => {
    const missing = await app.inject({ method: 'GET', url: '/nope?token=abc' });
    expect(missing.statusCode).toBe(404);
    expect(problem(missing).code).toBe('ROUTE_NOT_FOUND');
    const media = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/x-foo' },
      payload: 'x',
    });
    expect(media.statusCode).toBe(415);
  });

  it('maps application errors and hides unexpected ones', async () => {
    const notFound = await app.inject({ method: 'GET', url: '/missing' });
    expect(notFound.statusCode).toBe(404);
    expect(problem(notFound).detail).toBe('Child was not found');
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toMatch(/hunter2|at .*\.ts/);
  });

  it('sets security headers and request ids, and honours the CORS allow-list', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/missing',
      headers: { origin: 'https://school.example', 'x-request-id': 'trace-12345678' },
    });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBe('trace-12345678');
    expect(response.headers['access-control-allow-origin']).toBe('https://school.example');
    const foreign = await app.inject({
      method: 'GET',
      url: '/missing',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives typed GraphQL errors and keeps serving', async () => {
    const gql = (query: string) =>
      app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query }),
      });
    const syntax = await gql('{ greet(name: ');
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const unknownField = await gql('{ nope }');
    expect(unknownField.json().errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const forbidden = await gql('{ fail }');
    expect(forbidden.json().errors[0].extensions.code).toBe('FORBIDDEN');
    // A field's error answers 200 beside the data (GraphQL over HTTP)...
    expect(forbidden.statusCode).toBe(200);
    // ...a request refused before execution answers with its own status.
    const refused = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', 'x-test-refuse': '1' },
      payload: JSON.stringify({ query: '{ greet(name: "x") }' }),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const internal = await gql('{ secret }');
    expect(internal.json().errors[0]).toMatchObject({
      message: 'Internal error',
      extensions: { code: 'INTERNAL' },
    });
    expect(internal.body).not.toContain('stack trace with secrets');
    const badJson = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: '{bad',
    });
    expect(badJson.json().errors[0].extensions.code).toBe('BAD_REQUEST');
    const ok = await gql('{ greet(name: "はな") }');
    expect(ok.json()).toEqual({ data: { greet: 'hello はな' } });
  });
});
