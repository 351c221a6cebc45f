// `npm run bench`: runs every test/bench/*.bench.ts in name order, one Node process each
// (`node --import tsx <file>`), output streamed as it comes. Exits non-zero if any bench
// fails; a bench reports missed timing targets in its output, not through its exit code.
//
//   npm run bench                 all benches
//   npm run bench -- runbooks     only those whose file name contains "runbooks"
//   BENCH_RUNBOOKS=500 npm run bench
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'test', 'bench');
const only = process.argv.slice(2);

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((word) => f.includes(word)))
  .sort()
  .map((f) => join(benchDir, f));

if (files.length === 0) {
  console.error(`No bench files${only.length ? ` matching ${only.join(', ')}` : ''} in ${relative(root, benchDir)}`);
  process.exit(1);
}

let current = null;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    current?.kill(sig);
    process.exit(130);
  });
}

function run(file) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    current = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, stdio: 'inherit' });
    current.once('error', (e) => resolve({ file, ok: false, why: e.message, started }));
    current.once('exit', (code, signal) =>
      resolve({ file, ok: code === 0, why: signal ? `killed by ${signal}` : `exit code ${code}`, started }),
    );
  });
}

const results = [];
for (const file of files) {
  console.log(`\n=== ${relative(root, file)} ===\n`);
  const r = await run(file);
  current = null;
  const seconds = Number(process.hrtime.bigint() - r.started) / 1e9;
  results.push({ ...r, seconds });
}

console.log('\n=== bench summary ===');
for (const r of results) console.log(`${r.ok ? 'ok    ' : 'FAILED'}  ${relative(root, r.file)}  (${r.seconds.toFixed(1)} s${r.ok ? '' : `, ${r.why}`})`);
const failed = results.filter((r) => !r.ok).length;
if (failed > 0) {
  console.error(`${failed} of ${results.length} bench file(s) failed`);
  process.exit(1);
}
