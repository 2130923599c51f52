// @manabee/safety. For now the pure scanner and its shipped data; the service definition
// (tables, events, review queue) will be added here and keep re-exporting the domain API.
export {
  bundledClassifierModel,
  bundledDistressLexicon,
  bundledKeywordLists,
  createDefaultScanner,
} from './bundled';
export * from './domain/index';
