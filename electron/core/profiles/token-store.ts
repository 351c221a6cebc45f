import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import type { BoundToken, TokenOrigins } from './token-binding.ts';

export type { BoundToken, TokenOrigins } from './token-binding.ts';

/**
 * What a store keeps for one profile. `stored` carries the origins the token was given for;
 * null origins mean it was kept without them (an older Switchyard's keychain file, a test's
 * bare string), which a profile host never sends. `unusable` says why nothing can be read.
 */
export type TokenEntry =
  | { state: 'none' }
  | { state: 'stored'; token: string; origins: TokenOrigins | null; source: string }
  | { state: 'unusable'; source: string; reason: string };

export type SetTokenResult = { ok: true } | { ok: false; message: string };

/**
 * Where a profile's bearer token lives. Never the database, the logs or an export: the
 * Electron app keeps it with the OS keychain (safeStorage), `serve` reads it from the
 * environment or an owner-only file, the demo knows its own.
 *
 * The stores below keep tokens with the origins they were given for; they do not know where
 * a profile points now. ProfileHost hands its cores a ProfileTokens over them, which gives a
 * token only while the profile's origins are the ones it was given for.
 */
export interface TokenStore {
  entry(profile: string): TokenEntry;
  /** The stored token, for a core opened on this store (ProfileTokens: only for the origins it was given for). */
  get(profile: string): string | null;
  /** The token with the origins it was given for; null when none is stored or its origins are unknown. */
  bound(profile: string): BoundToken | null;
  /** Stores a token for the origins given; stores that cannot write say why. */
  set(profile: string, token: string, origins: TokenOrigins | null): SetTokenResult;
  /** Where it comes from, never the token: "OS keychain", "SWITCHYARD_TOKEN", "none", or why it is unusable. */
  source(profile: string): string;
  /** Every token this store holds, usable or not: each is redacted before text is stored. */
  secrets(): string[];
  readonly writable: boolean;
  readonly help: string;
}

export function describeEntry(e: TokenEntry): string {
  if (e.state === 'none') return 'none';
  return e.state === 'stored' ? e.source : `${e.source}: ${e.reason}`;
}

/** get, bound and source, derived from entry. */
export abstract class TokenStoreBase implements TokenStore {
  abstract readonly writable: boolean;
  abstract readonly help: string;
  abstract entry(profile: string): TokenEntry;
  abstract set(profile: string, token: string, origins: TokenOrigins | null): SetTokenResult;
  abstract secrets(): string[];

  get(profile: string): string | null {
    const e = this.entry(profile);
    return e.state === 'stored' ? e.token : null;
  }

  bound(profile: string): BoundToken | null {
    const e = this.entry(profile);
    return e.state === 'stored' && e.origins ? { token: e.token, ...e.origins } : null;
  }

  source(profile: string): string {
    return describeEntry(this.entry(profile));
  }
}

/** Stands in for the keychain in tests and for a run with no keychain; a bare string is kept without origins. */
export class MemoryTokenStore extends TokenStoreBase {
  readonly writable = true;
  readonly help = 'kept in memory for this run only';
  private readonly tokens = new Map<string, { token: string; origins: TokenOrigins | null }>();

  constructor(
    initial: Record<string, string | BoundToken> = {},
    private readonly label = 'memory',
  ) {
    super();
    for (const [k, v] of Object.entries(initial))
      this.tokens.set(k, typeof v === 'string' ? { token: v, origins: null } : { token: v.token, origins: { adminOrigin: v.adminOrigin, gatewayOrigin: v.gatewayOrigin } });
  }

  entry(profile: string): TokenEntry {
    const t = this.tokens.get(profile);
    return t ? { state: 'stored', token: t.token, origins: t.origins, source: this.label } : { state: 'none' };
  }

  set(profile: string, token: string, origins: TokenOrigins | null = null): SetTokenResult {
    this.tokens.set(profile, { token, origins });
    return { ok: true };
  }

  secrets(): string[] {
    return [...this.tokens.values()].map((t) => t.token);
  }
}

/** The profile a serve token from the command line belongs to: the one its flags describe. */
export interface TokenOwner extends TokenOrigins {
  profile: string;
}

/**
 * `serve`: SWITCHYARD_TOKEN, or --token-file (a file only its owner can read). It belongs to
 * the profile built from the command line's URLs, for those URLs' origins, and to nothing
 * else: not another profile, and not that one once its URLs are edited. Read-only: a browser
 * never sends a token to the server to be stored.
 */
export class EnvTokenStore extends TokenStoreBase {
  readonly writable = false;
  readonly help = 'serve reads the token from SWITCHYARD_TOKEN or from --token-file (a file only you can read) for the platform given with --admin-url and --gateway-url; it is never stored by Switchyard';
  private readonly token: string | null;
  private readonly from: string;

  constructor(
    env: NodeJS.ProcessEnv,
    tokenFile: string | undefined,
    private readonly owner: TokenOwner | null = null,
  ) {
    super();
    if (tokenFile) {
      this.token = readOwnerOnlyFile(tokenFile);
      this.from = `token file ${tokenFile}`;
    } else {
      this.token = env.SWITCHYARD_TOKEN?.trim() || null;
      this.from = 'SWITCHYARD_TOKEN';
    }
  }

  /** A token was given, but no platform for it: serve sends it nowhere (and says so at start). */
  get ownerless(): boolean {
    return this.token !== null && this.owner === null;
  }

  entry(profile: string): TokenEntry {
    if (!this.token) return { state: 'none' };
    if (!this.owner)
      return { state: 'unusable', source: this.from, reason: 'given without --admin-url and --gateway-url, so it is sent to no platform; start serve with the URLs it is for' };
    if (profile !== this.owner.profile) return { state: 'none' };
    return { state: 'stored', token: this.token, origins: { adminOrigin: this.owner.adminOrigin, gatewayOrigin: this.owner.gatewayOrigin }, source: this.from };
  }

  set(): SetTokenResult {
    return { ok: false, message: this.help };
  }

  secrets(): string[] {
    return this.token ? [this.token] : [];
  }
}

export function readOwnerOnlyFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a file`);
    if (process.platform !== 'win32') {
      if ((st.mode & 0o077) !== 0) throw new Error(`${path} can be read by others (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it first`);
      if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error(`${path} belongs to another user`);
    }
    const token = readFileSync(fd, 'utf8').trim();
    if (!token) throw new Error(`${path} is empty`);
    return token;
  } finally {
    closeSync(fd);
  }
}

/** A token someone other than the store holds for this run: the demo platform's own, bound to its origins. */
export interface OverlayToken extends BoundToken {
  source: string;
}

/** A demo profile's token is the demo platform's own: nothing secret, but bound like any other. */
export class OverlayTokenStore extends TokenStoreBase {
  constructor(
    private readonly inner: TokenStore,
    private readonly overlay: Map<string, OverlayToken>,
  ) {
    super();
  }
  get writable() {
    return this.inner.writable;
  }
  get help() {
    return this.inner.help;
  }
  entry(profile: string): TokenEntry {
    const o = this.overlay.get(profile);
    return o ? { state: 'stored', token: o.token, origins: { adminOrigin: o.adminOrigin, gatewayOrigin: o.gatewayOrigin }, source: o.source } : this.inner.entry(profile);
  }
  set(profile: string, token: string, origins: TokenOrigins | null) {
    return this.inner.set(profile, token, origins);
  }
  secrets(): string[] {
    return [...this.inner.secrets(), ...[...this.overlay.values()].map((o) => o.token)];
  }
}
