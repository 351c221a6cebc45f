import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { FreezePolicy } from '../../../shared/freeze.ts';
import { DEFAULT_CALENDAR, applyFreezePolicy, describeCalendarErrors, parseReleaseCalendar, type ReleaseCalendar } from '../../../shared/release-calendar.ts';

/** The file a profile drops in its data folder to replace the bundled calendar. */
export const PROFILE_CALENDAR_FILE = 'release-calendar.yaml';

export interface LoadedCalendar {
  /** The calendar in force: the file's, with the profile's `freeze` mapped in (applyFreezePolicy). */
  calendar: ReleaseCalendar;
  /** The calendar as the file says it, before the profile's `freeze`. */
  file: ReleaseCalendar;
  /** The file as written (YAML parsed, not transformed); null for the built-in defaults. */
  raw: unknown;
  source: { kind: 'bundled' | 'profile' | 'built-in'; path: string | null };
  /** A file that was refused, and why: the next one down is used instead, and this is said. */
  problem: string | null;
}

function read(path: string): { calendar: ReleaseCalendar; raw: unknown } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { problem: `${path}: ${(e as Error).message}` };
  }
  const r = parseReleaseCalendar(text);
  if (!r.ok) return { problem: `${path}:\n${describeCalendarErrors(r.errors)}` };
  return { calendar: r.value, raw: parseYaml(text) as unknown };
}

/**
 * The release calendar in force: the profile's own file when it is there and valid, else the
 * bundled one; then the profile's `freeze` setting mapped in. Mirrors the severity policy
 * (incidents/policy-file.ts), except that a bundled file that does not read falls back to the
 * same defaults built into the code, with the problem said, rather than stopping the console:
 * the lever protocol needs a freeze rule whatever happens.
 */
export function loadReleaseCalendar(opts: { dataDir: string; bundledPath: string; freeze?: FreezePolicy | null }): LoadedCalendar {
  const done = (file: ReleaseCalendar, raw: unknown, source: LoadedCalendar['source'], problem: string | null): LoadedCalendar => ({
    calendar: applyFreezePolicy(file, opts.freeze),
    file,
    raw,
    source,
    problem,
  });
  const own = join(opts.dataDir, PROFILE_CALENDAR_FILE);
  const problems: string[] = [];
  if (existsSync(own)) {
    const r = read(own);
    if ('calendar' in r) return done(r.calendar, r.raw, { kind: 'profile', path: own }, null);
    problems.push(`The profile's release calendar was refused; using the bundled one. ${r.problem}`);
  }
  const r = read(opts.bundledPath);
  if ('calendar' in r) return done(r.calendar, r.raw, { kind: 'bundled', path: opts.bundledPath }, problems.join('\n') || null);
  problems.push(`The bundled release calendar did not read; using the built-in defaults (OPERATIONS.md cadence, Asia/Kolkata). ${r.problem}`);
  return done(DEFAULT_CALENDAR, null, { kind: 'built-in', path: null }, problems.join('\n'));
}
