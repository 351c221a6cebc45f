import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where the end-to-end tests save their screenshots: under the test output
 * (test-results/screenshots/, git-ignored), so `npm test` never rewrites the tracked
 * docs/screenshots/. `npm run screenshots` sets SWITCHYARD_SCREENSHOTS_DIR=docs/screenshots to
 * refresh the README's on purpose.
 */
export const SCREENSHOTS_DIR = ((dir) => (isAbsolute(dir) ? dir : resolve(REPO_ROOT, dir)))(process.env.SWITCHYARD_SCREENSHOTS_DIR || 'test-results/screenshots');

/** The path for a screenshot named `file` (e.g. 'levers.png'). */
export const screenshot = (file: string): string => join(SCREENSHOTS_DIR, file);
