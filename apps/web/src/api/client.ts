/**
 * The GraphQL transport. Components never touch fetch or WebSockets: they get a
 * `GraphQLClient` from context, so tests pass a fake one and the app the real one.
 * Queries and mutations go through the shared requester (@manabee/ui, also used by
 * the console); subscriptions over graphql-ws are this app's own.
 */
import {
  createGraphQLRequester,
  DEFAULT_GRAPHQL_ENDPOINT,
  type GraphQLErrorShape,
  GraphQLRequestError,
  type GraphQLRequester,
  type GraphQLRequesterOptions,
  toGraphQLRequestError,
  type Variables,
} from '@manabee/ui';

export { type GraphQLErrorShape, GraphQLRequestError, type Variables } from '@manabee/ui';

export interface SubscriptionSink<T> {
  next(value: T): void;
  error(error: GraphQLRequestError): void;
  complete(): void;
}

export interface GraphQLClient extends GraphQLRequester {
  /** Returns an unsubscribe function. */
  subscribe<T>(query: string, variables: Variables, sink: SubscriptionSink<T>): () => void;
  /** Drop the socket (after sign-in or sign-out, so the next one carries the new cookie). */
  reset(): void;
}

/** Same-origin fetch for queries/mutations; graphql-ws for subscriptions, loaded on first use. */
export function createGraphQLClient(options: GraphQLRequesterOptions = {}): GraphQLClient {
  const endpoint = options.endpoint ?? DEFAULT_GRAPHQL_ENDPOINT;
  const { request } = createGraphQLRequester(options);
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
    request,
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
              error: (error) => sink.error(toGraphQLRequestError(error)),
              complete: () => sink.complete(),
            },
          );
        })
        .catch((error: unknown) => sink.error(toGraphQLRequestError(error)));
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
