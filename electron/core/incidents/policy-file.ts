import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_POLICY_ID, describePolicyErrors, parseSeverityPolicy, type SeverityPolicy } from '../../../shared/incidents/policy.ts';

/** The file a profile drops in its data folder to replace the bundled ladder. */
export const PROFILE_POLICY_FILE = 'severity-policy.yaml';

export interface LoadedPolicy {
  policy: SeverityPolicy;
  /** The policy as written (YAML parsed, not transformed): what the renderer validates again. */
  raw: unknown;
  source: { kind: 'bundled' | 'profile'; path: string };
  /** A profile file that was refused, and why: the bundled one is used instead, and this is said. */
  problem: string | null;
}

function read(path: string): { policy: SeverityPolicy; raw: unknown } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { problem: `${path}: ${(e as Error).message}` };
  }
  const r = parseSeverityPolicy(text);
  if (!r.ok) return { problem: `${path}:\n${describePolicyErrors(r.errors)}` };
  return { policy: r.value, raw: parseYaml(text) as unknown };
}

/**
 * The severity policy in force: the profile's own file when it is there and valid, else the
 * bundled one chosen (`platform-runbook` unless the profile chose `managed-operations`).
 */
export function loadSeverityPolicy(opts: { dataDir: string; bundledDir: string; chosen?: string | null }): LoadedPolicy {
  const own = join(opts.dataDir, PROFILE_POLICY_FILE);
  let problem: string | null = null;
  if (existsSync(own)) {
    const r = read(own);
    if ('policy' in r) return { ...r, source: { kind: 'profile', path: own }, problem: null };
    problem = `The profile's severity policy was refused; using the bundled one. ${r.problem}`;
  }
  const id = opts.chosen && /^[a-z0-9-]+$/.test(opts.chosen) ? opts.chosen : DEFAULT_POLICY_ID;
  const path = join(opts.bundledDir, `${id}.yaml`);
  const r = read(path);
  if ('policy' in r) return { ...r, source: { kind: 'bundled', path }, problem };
  // The bundled file is part of the app: if it does not read, the build is broken.
  throw new Error(`bundled severity policy unreadable: ${r.problem}`);
}
