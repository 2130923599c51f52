// Builds the browser apps (family web app, operator console) with Vite and
// checks each one's JavaScript budget. `npm start` runs it first, so a fresh
// clone serves the real apps; it takes a few seconds.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const apps = ['web', 'admin'].filter((name) => only.length === 0 || only.includes(name));
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');

for (const name of apps) {
  const config = path.join(root, 'apps', name, 'vite.config.ts');
  if (!existsSync(config)) continue;
  execFileSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'check-budget.mjs'), `apps/${name}/dist`], {
    cwd: root,
    stdio: 'inherit',
  });
}
