import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/console.ts';

const SOURCE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs|jsx)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (SOURCE.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** Every module a file loads at run time: static imports and re-exports (not `import type`), dynamic import(), require(). */
function runtimeImports(code: string): string[] {
  const text = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const specs: string[] = [];
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'"`;]*?)\s*(?:from\s*)?['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(statement)) {
    const [, kind, typeOnly, clause = '', spec] = m;
    if (typeOnly) continue;
    if (kind === 'export' && !/\bfrom\b|^\*|^\{/.test(clause.trim()) && clause.trim() !== '') continue;
    specs.push(spec!);
  }
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
  return specs;
}

const isElectron = (spec: string) => spec === 'electron' || spec.startsWith('electron/');
const rel = (f: string) => relative(REPO_ROOT, f).split(sep).join('/');

describe('the import scanner itself', () => {
  it('sees value imports and ignores type-only ones', () => {
    const code = [
      "import type { IpcMain } from 'electron';",
      "import { app } from 'electron';",
      "import 'electron/main';",
      "export { x } from 'node:fs';",
      "const m = await import('node:path');",
      "const r = require('electron');",
      "// import { shell } from 'electron';",
      "import {\n  a,\n  b,\n} from '../electron/core/x.ts';",
    ].join('\n');
    expect(runtimeImports(code)).toEqual(['electron', 'electron/main', 'node:fs', '../electron/core/x.ts', 'node:path', 'electron']);
  });
});

describe('architecture: the process boundary', () => {
  it("only electron/main and electron/preload import 'electron'", () => {
    const offenders = sourceFiles(join(REPO_ROOT, 'electron'))
      .filter((f) => !/^electron\/(main|preload)\//.test(rel(f)))
      .filter((f) => runtimeImports(readFileSync(f, 'utf8')).some(isElectron))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('the scan covers the core and serve (so the rule above is not passing on an empty list)', () => {
    const files = sourceFiles(join(REPO_ROOT, 'electron')).map(rel);
    expect(files).toEqual(expect.arrayContaining(['electron/core/console-core.ts', 'electron/serve/server.ts', 'electron/main/index.ts']));
    expect(runtimeImports(readFileSync(join(REPO_ROOT, 'electron/main/index.ts'), 'utf8'))).toContain('electron');
  });

  it('nothing in renderer/src imports from electron/ or the electron package', () => {
    const electronDir = join(REPO_ROOT, 'electron') + sep;
    const files = sourceFiles(join(REPO_ROOT, 'renderer', 'src'));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((f) =>
      runtimeImports(readFileSync(f, 'utf8'))
        .filter((s) => isElectron(s) || (s.startsWith('.') && resolve(dirname(f), s).startsWith(electronDir)))
        .map((s) => `${rel(f)} -> ${s}`),
    );
    // Type-only imports are allowed by the scanner; check those separately: the renderer
    // must not even name core types, only the contract in shared/.
    const typeOffenders = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/import\s+type\s+[^'"]*from\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1]!)
        .filter((s) => s.startsWith('.') && resolve(dirname(f), s).startsWith(electronDir))
        .map((s) => `${rel(f)} -> ${s} (type)`),
    );
    expect([...offenders, ...typeOffenders]).toEqual([]);
  });

  it('shared/ imports no node:* module, no Node builtin, no electron, and nothing from electron/ or renderer/', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const outside = [join(REPO_ROOT, 'electron') + sep, join(REPO_ROOT, 'renderer') + sep];
    const files = sourceFiles(join(REPO_ROOT, 'shared'));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((f) =>
      runtimeImports(readFileSync(f, 'utf8'))
        .filter(
          (s) =>
            s.startsWith('node:') ||
            builtins.has(s) ||
            builtins.has(s.split('/')[0]!) ||
            isElectron(s) ||
            (s.startsWith('.') && outside.some((o) => resolve(dirname(f), s).startsWith(o))),
        )
        .map((s) => `${rel(f)} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});
