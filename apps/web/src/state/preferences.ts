import { applyTheme, readTheme, type Theme } from '@manabee/ui';
import { create } from 'zustand';

interface PreferencesState {
  theme: Theme;
  setTheme(theme: Theme): void;
}

export const usePreferences = create<PreferencesState>((set) => ({
  theme: typeof document === 'undefined' ? 'default' : readTheme(),
  setTheme: (theme) => {
    applyTheme(theme);
    set({ theme });
  },
}));
