export * from './components';
export { applyTheme, readTheme, THEMES, type Theme } from './theme';
export { type Load, useLoad } from './use-load';
