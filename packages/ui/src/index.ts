export * from './components';
export {
  createGraphQLRequester,
  DEFAULT_GRAPHQL_ENDPOINT,
  type GraphQLErrorShape,
  type GraphQLIssue,
  GraphQLRequestError,
  type GraphQLRequester,
  type GraphQLRequesterOptions,
  toGraphQLRequestError,
  type Variables,
} from './graphql-client';
export { applyTheme, readTheme, THEMES, type Theme } from './theme';
export { type Load, useLoad } from './use-load';
