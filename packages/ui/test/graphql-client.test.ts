import { describe, expect, it } from 'vitest';
import { createGraphQLRequester, GraphQLRequestError, toGraphQLRequestError } from '../src/graphql-client';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each call and answers with `respond()`. */
function fakeFetch(respond: () => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond();
  };
  return { fetch: fake as typeof fetch, calls };
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(promise: Promise<unknown>): Promise<GraphQLRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphQLRequestError);
  return error as GraphQLRequestError;
}

describe('createGraphQLRequester', () => {
  it('posts the query same-origin with the CSRF header and returns data', async () => {
    const { fetch, calls } = fakeFetch(() => json({ data: { me: { id: 'usr_1' } } }));
    const { request } = createGraphQLRequester({ fetch });

    await expect(request('query Me { me { id } }', { a: 1 })).resolves.toEqual({ me: { id: 'usr_1' } });

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe('/graphql');
    expect(call?.init.method).toBe('POST');
    expect(call?.init.credentials).toBe('same-origin');
    const headers = new Headers(call?.init.headers);
    expect(headers.get('x-manabee-csrf')).toBe('1');
    expect(headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(call?.init.body))).toEqual({
      query: 'query Me { me { id } }',
      variables: { a: 1 },
    });
  });

  it('sends empty variables when none are given and honours a custom endpoint', async () => {
    const { fetch, calls } = fakeFetch(() => json({ data: { ok: true } }));
    await createGraphQLRequester({ fetch, endpoint: '/admin/graphql' }).request('{ ok }');
    expect(calls[0]?.url).toBe('/admin/graphql');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ query: '{ ok }', variables: {} });
  });

  it('reads a GraphQL error body even on HTTP 403', async () => {
    const { fetch } = fakeFetch(() =>
      json({ errors: [{ message: 'Not allowed', extensions: { code: 'FORBIDDEN', status: 403 } }] }, 403),
    );
    const error = await failure(createGraphQLRequester({ fetch }).request('{ secret }'));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Not allowed');
    expect(error.errors).toHaveLength(1);
  });

  it('maps a non-JSON 429 to RATE_LIMITED and other non-JSON answers to NETWORK', async () => {
    const limited = fakeFetch(() => new Response('Too Many Requests', { status: 429 }));
    const rateLimited = await failure(createGraphQLRequester({ fetch: limited.fetch }).request('{ a }'));
    expect(rateLimited.code).toBe('RATE_LIMITED');
    expect(rateLimited.message).toBe('HTTP 429');

    const gateway = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const badGateway = await failure(createGraphQLRequester({ fetch: gateway.fetch }).request('{ a }'));
    expect(badGateway.code).toBe('NETWORK');
    expect(badGateway.message).toBe('HTTP 502');
  });

  it('maps a fetch that throws to NETWORK with its message', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await failure(createGraphQLRequester({ fetch }).request('{ a }'));
    expect(error.code).toBe('NETWORK');
    expect(error.message).toBe('Failed to fetch');
  });

  it('rejects an answer without data as "Empty response"', async () => {
    for (const body of [{ data: null }, {}, null]) {
      const { fetch } = fakeFetch(() => json(body));
      const error = await failure(createGraphQLRequester({ fetch }).request('{ a }'));
      expect(error.message).toBe('Empty response');
      expect(error.code).toBe('INTERNAL');
    }
  });
});

describe('GraphQLRequestError', () => {
  it('flags a field the schema does not have (yet)', () => {
    const missing = (message: string, code = 'GRAPHQL_VALIDATION_FAILED') =>
      new GraphQLRequestError([{ message, extensions: { code } }]).isMissingField;
    expect(missing('Cannot query field "weeklyReport" on type "Family".')).toBe(true);
    expect(missing('Unknown argument "limit" on field "Query.alerts".')).toBe(true);
    expect(missing('Unknown type "ReportInput".')).toBe(true);
    expect(missing('Unknown field "color" on input type "ThemeInput".')).toBe(true);
    expect(missing('Variable "$id" of required type "ID!" was not provided.')).toBe(false);
    expect(missing('Cannot query field "x" on type "Y".', 'FORBIDDEN')).toBe(false);
  });

  it('collects issues from every error’s extensions', () => {
    const error = new GraphQLRequestError([
      {
        message: 'Invalid input',
        extensions: {
          code: 'VALIDATION_FAILED',
          issues: [
            { path: 'input.words.0', message: 'Too long' },
            { path: 'input.name', message: 'Required' },
          ],
        },
      },
      { message: 'Also', extensions: { issues: [{ path: 'input.lang', message: 'Unknown language' }] } },
      { message: 'No issues here' },
    ]);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((issue) => issue.path)).toEqual(['input.words.0', 'input.name', 'input.lang']);
    expect(new GraphQLRequestError([{ message: 'plain' }]).issues).toEqual([]);
  });

  it('defaults the code to INTERNAL and the message when there are no errors', () => {
    const error = new GraphQLRequestError([]);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toBe('GraphQL request failed');
    expect(error.name).toBe('GraphQLRequestError');
  });
});

describe('toGraphQLRequestError', () => {
  it('keeps a GraphQLRequestError, wraps an error list, and maps anything else to NETWORK', () => {
    const original = new GraphQLRequestError([{ message: 'x' }], 'FORBIDDEN');
    expect(toGraphQLRequestError(original)).toBe(original);

    const list = toGraphQLRequestError([{ message: 'Bad', extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(list.code).toBe('BAD_USER_INPUT');

    const closed = toGraphQLRequestError(new Error('socket closed'));
    expect([closed.code, closed.message]).toEqual(['NETWORK', 'socket closed']);
    const odd = toGraphQLRequestError({ reason: 'close event' });
    expect([odd.code, odd.message]).toEqual(['NETWORK', 'Network error']);
  });
});
