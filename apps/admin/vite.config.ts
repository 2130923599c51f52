import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The operator console, served by the platform at /admin/ (client routes get the app shell).
export default defineConfig({
  root,
  base: '/admin/',
  plugins: [react()],
  server: {
    port: 5174,
    // `npx vite --config apps/admin/vite.config.ts` next to `npm start`: the API stays same-origin.
    proxy: { '/graphql': 'http://localhost:3000', '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 3,
            },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/, priority: 2 },
          ],
        },
      },
    },
  },
});
