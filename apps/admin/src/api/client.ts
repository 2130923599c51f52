/**
 * The console's GraphQL transport: the shared same-origin requester from
 * @manabee/ui, without subscriptions (the console polls, and graphql-ws stays out
 * of its bundle). Components get a `GraphQLClient` from context, so tests pass a
 * fake one and the app the real one.
 */
import { createGraphQLRequester, type GraphQLRequester } from '@manabee/ui';

export { type GraphQLErrorShape, GraphQLRequestError, type Variables } from '@manabee/ui';

export type GraphQLClient = GraphQLRequester;

export const createGraphQLClient: typeof createGraphQLRequester = createGraphQLRequester;
