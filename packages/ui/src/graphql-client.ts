/**
 * The browser GraphQL transport both apps share: queries and mutations over a
 * same-origin fetch. The learner app adds subscriptions on top (apps/web/src/api/client.ts);
 * the console polls. No React and no graphql-ws here, so the console's bundle
 * carries neither the socket client nor anything it does not use.
 */

/** A field-level problem the server named (extensions.issues on VALIDATION_FAILED). */
export interface GraphQLIssue {
  path: string;
  message: string;
}

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; status?: number; issues?: ReadonlyArray<GraphQLIssue> };
}

/** A failed operation. `code` is the server's `extensions.code` (or NETWORK / RATE_LIMITED). */
export class GraphQLRequestError extends Error {
  readonly code: string;
  readonly errors: readonly GraphQLErrorShape[];
  constructor(errors: readonly GraphQLErrorShape[], code?: string) {
    super(errors[0]?.message ?? 'GraphQL request failed');
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.code = code ?? errors[0]?.extensions?.code ?? 'INTERNAL';
  }
  /** The schema does not have this field (yet): the page shows its empty or "not available" state. */
  get isMissingField(): boolean {
    return (
      this.code === 'GRAPHQL_VALIDATION_FAILED' &&
      /Cannot query field|Unknown (type|argument)|Unknown field/i.test(this.message)
    );
  }
  /** Field-level problems the server named (VALIDATION_FAILED), across every error. */
  get issues(): ReadonlyArray<GraphQLIssue> {
    return this.errors.flatMap((error) => error.extensions?.issues ?? []);
  }
}

export type Variables = Record<string, unknown>;

/** Anything thrown on the way (a failed fetch, a socket error, a GraphQL error list) as one error type. */
export function toGraphQLRequestError(error: unknown): GraphQLRequestError {
  if (error instanceof GraphQLRequestError) return error;
  if (Array.isArray(error)) return new GraphQLRequestError(error as GraphQLErrorShape[]);
  const message = error instanceof Error ? error.message : 'Network error';
  return new GraphQLRequestError([{ message }], 'NETWORK');
}

export const DEFAULT_GRAPHQL_ENDPOINT = '/graphql';

export interface GraphQLRequesterOptions {
  /** Defaults to `/graphql` on the page's origin. */
  endpoint?: string;
  /** Tests pass a fake; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface GraphQLRequester {
  request<T>(query: string, variables?: Variables): Promise<T>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

/**
 * Queries and mutations as a same-origin POST. The returned `request` does not
 * use `this`, so it can be passed around or spread into a larger client.
 */
export function createGraphQLRequester(options: GraphQLRequesterOptions = {}): GraphQLRequester {
  const endpoint = options.endpoint ?? DEFAULT_GRAPHQL_ENDPOINT;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(query: string, variables?: Variables): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        // The CSRF header: a cross-site form cannot set it (services/auth/src/api/http.ts).
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-manabee-csrf': '1' },
        body: JSON.stringify({ query, variables: variables ?? {} }),
      });
    } catch (error) {
      throw toGraphQLRequestError(error);
    }
    // GraphQL errors come with 4xx statuses too (403 FORBIDDEN, 400 validation): read any JSON body.
    let body: GraphQLResponse<T> | null;
    try {
      body = (await response.json()) as GraphQLResponse<T> | null;
    } catch {
      throw new GraphQLRequestError(
        [{ message: `HTTP ${response.status}` }],
        response.status === 429 ? 'RATE_LIMITED' : 'NETWORK',
      );
    }
    if (body?.errors && body.errors.length > 0) throw new GraphQLRequestError(body.errors);
    if (body?.data === undefined || body.data === null)
      throw new GraphQLRequestError([{ message: 'Empty response' }]);
    return body.data;
  }

  return { request };
}
