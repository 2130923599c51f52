/**
 * The GraphQL transport. Components never touch fetch or WebSockets: they get a
 * `GraphQLClient` from context, so tests pass a fake one and the app the real one.
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
  /** The schema does not have this field (yet): the page shows its empty state. */
  get isMissingField(): boolean {
    return (
      this.code === 'GRAPHQL_VALIDATION_FAILED' &&
      /Cannot query field|Unknown (type|argument)/i.test(this.message)
    );
  }
}

export type Variables = Record<string, unknown>;

export interface SubscriptionSink<T> {
  next(value: T): void;
  error(error: GraphQLRequestError): void;
  complete(): void;
}

export interface GraphQLClient {
  request<T>(query: string, variables?: Variables): Promise<T>;
  /** Returns an unsubscribe function. */
  subscribe<T>(query: string, variables: Variables, sink: SubscriptionSink<T>): () => void;
  /** Drop the socket (after sign-in or sign-out, so the next one carries the new cookie). */
  reset(): void;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

function toError(error: unknown): GraphQLRequestError {
  if (error instanceof GraphQLRequestError) return error;
  if (Array.isArray(error)) return new GraphQLRequestError(error as GraphQLErrorShape[]);
  const message = error instanceof Error ? error.message : 'Network error';
  return new GraphQLRequestError([{ message }], 'NETWORK');
}

export interface HttpClientOptions {
  endpoint?: string;
  fetch?: typeof fetch;
}

/** Same-origin fetch for queries/mutations; graphql-ws for subscriptions, loaded on first use. */
export function createGraphQLClient(options: HttpClientOptions = {}): GraphQLClient {
  const endpoint = options.endpoint ?? '/graphql';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  type WsClient = import('graphql-ws').Client;
  let ws: Promise<WsClient> | null = null;

  const socket = (): Promise<WsClient> => {
    if (!ws) {
      const url = new URL(endpoint, location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      ws = import('graphql-ws').then(({ createClient }) =>
        createClient({ url: url.toString(), lazy: true, retryAttempts: 5, keepAlive: 15_000 }),
      );
    }
    return ws;
  };

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
        throw toError(error);
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
    subscribe<T>(query: string, variables: Variables, sink: SubscriptionSink<T>): () => void {
      let disposed = false;
      let dispose: (() => void) | null = null;
      socket()
        .then((client) => {
          if (disposed) return;
          dispose = client.subscribe<T>(
            { query, variables },
            {
              next: (result) => {
                if (result.errors && result.errors.length > 0)
                  sink.error(new GraphQLRequestError(result.errors as unknown as GraphQLErrorShape[]));
                else if (result.data) sink.next(result.data as T);
              },
              error: (error) => sink.error(toError(error)),
              complete: () => sink.complete(),
            },
          );
        })
        .catch((error: unknown) => sink.error(toError(error)));
      return () => {
        disposed = true;
        dispose?.();
      };
    },
    reset() {
      const current = ws;
      ws = null;
      void current?.then((client) => client.dispose());
    },
  };
}
