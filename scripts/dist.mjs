// `npm run dist`: desktop packages. electron-builder rebuilds better-sqlite3 for Electron's ABI
// in node_modules while packaging; afterwards the Node build is restored so `npm test` keeps working.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

let status = run(bin('electron-vite'), ['build']);
if (status === 0) status = run(bin('electron-builder'), ['--config', 'electron-builder.yml', ...process.argv.slice(2)]);
const restored = run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', 'better-sqlite3']);
if (restored !== 0) console.error('dist: could not restore the Node build of better-sqlite3; run `npm rebuild better-sqlite3`.');
process.exit(status || restored);
