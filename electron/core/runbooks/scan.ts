import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MAX_RUNBOOK_BYTES } from './parse.ts';

export interface RunbookFile {
  path: string;
  /** Path relative to the source folder, used in reports and as the version's path. */
  relPath: string;
  /** The bytes, read up to one byte past the limit so an oversized file is never loaded whole. */
  bytes: Uint8Array;
  size: number;
}

const SKIP = new Set(['node_modules', '.git']);

/** Every `*.md` below `dir`, in a stable order. Symlinks are not followed (no loops, no escape). */
export function scanRunbookFolder(dir: string): RunbookFile[] {
  const files: RunbookFile[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 8) return;
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) files.push(readCapped(full, relative(dir, full)));
    }
  };
  walk(dir, 0);
  return files;
}

function readCapped(path: string, relPath: string): RunbookFile {
  const size = statSync(path).size;
  const cap = Math.min(size, MAX_RUNBOOK_BYTES + 1);
  const bytes = new Uint8Array(cap);
  const fd = openSync(path, 'r');
  try {
    let off = 0;
    while (off < cap) {
      const n = readSync(fd, bytes, off, cap - off, off);
      if (n === 0) break;
      off += n;
    }
    return { path, relPath, bytes: bytes.subarray(0, off), size };
  } finally {
    closeSync(fd);
  }
}

