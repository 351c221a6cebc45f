import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export interface Scratch {
  /** A fresh folder under the OS temp dir, removed after the test. */
  tempDir(label?: string): string;
  /** Runs after the test, last registered first (close a core before removing its folder). */
  defer(task: () => unknown): void;
}

/** Call once at a test file's top level: every test gets its own folders, cleaned after it. */
export function useScratch(): Scratch {
  const tasks: (() => unknown)[] = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    while (tasks.length) {
      try {
        await tasks.pop()!();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) throw errors[0];
  });
  return {
    tempDir(label = 'switchyard-test-') {
      const dir = mkdtempSync(join(tmpdir(), label));
      tasks.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    defer(task) {
      tasks.push(task);
    },
  };
}
