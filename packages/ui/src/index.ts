export * from './components';
export { applyTheme, readTheme, THEMES, type Theme } from './theme';
