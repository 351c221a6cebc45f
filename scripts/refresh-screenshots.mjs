// `npm run screenshots`: refreshes the README's screenshots (docs/screenshots/*.png) on purpose.
// It builds the app, makes sure there is a browser (scripts/test-prereqs.ts --browser-only), and
// runs the end-to-end tests with SWITCHYARD_SCREENSHOTS_DIR=docs/screenshots. `npm test` saves
// the same screenshots under test-results/screenshots/ and leaves docs/ alone.
//
//   npm run screenshots                       # every end-to-end test
//   npm run screenshots -- levers.spec.ts     # only some (arguments go to `playwright test`)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dir = join(root, 'docs', 'screenshots');

function run(what, args, env = process.env) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`screenshots: ${what} failed; docs/screenshots/ may be partly refreshed (git diff docs/screenshots shows what changed).`);
    process.exit(r.status ?? 1);
  }
}

const started = Date.now();
console.log('screenshots: building the app…');
run('the build', [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
run('finding a browser', [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'scripts', 'test-prereqs.ts'), '--browser-only']);
console.log('screenshots: running the end-to-end tests, saving screenshots to docs/screenshots/…');
run('the end-to-end tests', [require.resolve('@playwright/test/cli'), 'test', ...process.argv.slice(2)], {
  ...process.env,
  SWITCHYARD_SCREENSHOTS_DIR: dir,
});

const written = readdirSync(dir).filter((f) => f.endsWith('.png') && statSync(join(dir, f)).mtimeMs >= started);
console.log(`screenshots: wrote ${written.length} to docs/screenshots/: ${written.sort().join(', ') || '(none)'}. Review them with git diff before committing.`);
