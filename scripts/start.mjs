// `npm start`: build the app, make sure better-sqlite3 exists for Electron's ABI, launch Electron.
//
// Electron runs a different Node ABI than the `node` that runs the tests, so one build of
// better-sqlite3 cannot serve both. The tests keep node_modules/better-sqlite3 (built for
// Node by `npm install`); here a copy is rebuilt for Electron under .cache/electron-native/
// and main loads it through better-sqlite3's `nativeBinding` option.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function step(msg) {
  console.log(`switchyard: ${msg}`);
}

// 1. Build main, preload and renderer (about two seconds).
const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('switchyard: the build failed (see above).');
  process.exit(build.status ?? 1);
}

// 2. better-sqlite3 for Electron's ABI, built once per Electron version.
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const nativeRoot = join(root, '.cache', 'electron-native', `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`);
const binding = join(nativeRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(binding)) {
  step(`building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once; about a minute)…`);
  rmSync(nativeRoot, { recursive: true, force: true });
  const src = dirname(require.resolve('better-sqlite3/package.json'));
  const dest = join(nativeRoot, 'node_modules', 'better-sqlite3');
  mkdirSync(dest, { recursive: true });
  cpSync(src, dest, { recursive: true, filter: (p) => !p.startsWith(join(src, 'build')) });
  writeFileSync(join(nativeRoot, 'package.json'), JSON.stringify({ name: 'switchyard-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
  // A machine-wide npm `nodedir` would make node-gyp compile against Node's headers instead of Electron's.
  delete process.env.npm_config_nodedir;
  delete process.env.NPM_CONFIG_NODEDIR;
  const { rebuild } = await import('@electron/rebuild');
  try {
    await rebuild({ buildPath: nativeRoot, electronVersion, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
  } catch (e) {
    console.error(`switchyard: could not build better-sqlite3 for Electron: ${e.message}`);
    console.error('It needs network access to Electron\'s headers, Python 3 and a C++ toolchain (build-essential, Xcode CLT or VS Build Tools).');
    console.error('`npm run serve` runs the same console in a browser without it.');
    process.exit(1);
  }
  if (!existsSync(binding)) {
    console.error(`switchyard: the Electron build of better-sqlite3 did not produce ${binding}`);
    process.exit(1);
  }
}

// 3. Electron itself (the electron package downloads its binary on first use).
let electronPath;
try {
  electronPath = require('electron');
} catch (e) {
  console.error(`switchyard: Electron is not available: ${e.message}`);
  console.error('`npm run serve` runs the same console in your browser without it.');
  process.exit(1);
}
const child = spawn(electronPath, [root, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SWITCHYARD_NATIVE_BINDING: binding },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
