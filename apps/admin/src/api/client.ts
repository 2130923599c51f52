/**
 * The GraphQL transport (adapted from apps/web/src/api/client.ts without
 * subscriptions: the console polls). Components get a `GraphQLClient` from
 * context, so tests pass a fake one and the app the real one.
 */

export interface GraphQLErrorShape {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: string; status?: number; issues?: ReadonlyArray<{ path: string; message: string }> };
}

/** A failed operation. `code` is the server's `extensions.code` (or NETWORK). */
export class GraphQLRequestError extends Error {
  readonly code: string;
  readonly errors: readonly GraphQLErrorShape[];
  constructor(errors: readonly GraphQLErrorShape[], code?: string) {
    super(errors[0]?.message ?? 'GraphQL request failed');
    this.name = 'GraphQLRequestError';
    this.errors = errors;
    this.code = code ?? errors[0]?.extensions?.code ?? 'INTERNAL';
  }
  /** The schema does not have this field (yet): the page shows "not available". */
  get isMissingField(): boolean {
    return (
      this.code === 'GRAPHQL_VALIDATION_FAILED' &&
      /Cannot query field|Unknown (type|argument)|Unknown field/i.test(this.message)
    );
  }
  /** Field-level problems the server named (VALIDATION_FAILED). */
  get issues(): ReadonlyArray<{ path: string; message: string }> {
    return this.errors.flatMap((error) => error.extensions?.issues ?? []);
  }
}

export type Variables = Record<string, unknown>;

export interface GraphQLClient {
  request<T>(query: string, variables?: Variables): Promise<T>;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export function createGraphQLClient(
  options: { endpoint?: string; fetch?: typeof fetch } = {},
): GraphQLClient {
  const endpoint = options.endpoint ?? '/graphql';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async request<T>(query: string, variables?: Variables): Promise<T> {
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
        throw new GraphQLRequestError(
          [{ message: error instanceof Error ? error.message : 'Network error' }],
          'NETWORK',
        );
      }
      let body: GraphQLResponse<T>;
      try {
        body = (await response.json()) as GraphQLResponse<T>;
      } catch {
        throw new GraphQLRequestError(
          [{ message: `HTTP ${response.status}` }],
          response.status === 429 ? 'RATE_LIMITED' : 'NETWORK',
        );
      }
      if (body.errors && body.errors.length > 0) throw new GraphQLRequestError(body.errors);
      if (body.data === undefined || body.data === null)
        throw new GraphQLRequestError([{ message: 'Empty response' }]);
      return body.data;
    },
  };
}
