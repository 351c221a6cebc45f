import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * Where a profile's bearer token lives. Never the database, the logs or an export: the
 * Electron app keeps it with the OS keychain (safeStorage), `serve` reads it from the
 * environment or an owner-only file, the demo knows its own.
 */
export interface TokenStore {
  get(profile: string): string | null;
  /** Stores a token; stores that cannot write say why. */
  set(profile: string, token: string): { ok: true } | { ok: false; message: string };
  source(profile: string): string;
  readonly writable: boolean;
  readonly help: string;
}

export class MemoryTokenStore implements TokenStore {
  readonly writable = true;
  readonly help = 'kept in memory for this run only';
  private readonly tokens = new Map<string, string>();
  constructor(initial: Record<string, string> = {}, private readonly label = 'memory') {
    for (const [k, v] of Object.entries(initial)) this.tokens.set(k, v);
  }
  get(profile: string) {
    return this.tokens.get(profile) ?? null;
  }
  set(profile: string, token: string) {
    this.tokens.set(profile, token);
    return { ok: true as const };
  }
  source(profile: string) {
    return this.tokens.has(profile) ? this.label : 'none';
  }
}

/**
 * `serve`: SWITCHYARD_TOKEN, or --token-file (a file only its owner can read). Read-only:
 * a browser never sends a token to the server to be stored.
 */
export class EnvTokenStore implements TokenStore {
  readonly writable = false;
  readonly help = 'serve reads the token from SWITCHYARD_TOKEN or from --token-file (a file only you can read); it is never stored by Switchyard';
  private readonly token: string | null;
  private readonly from: string;

  constructor(env: NodeJS.ProcessEnv, tokenFile: string | undefined) {
    if (tokenFile) {
      this.token = readOwnerOnlyFile(tokenFile);
      this.from = `token file ${tokenFile}`;
    } else {
      this.token = env.SWITCHYARD_TOKEN?.trim() || null;
      this.from = this.token ? 'SWITCHYARD_TOKEN' : 'none';
    }
  }
  get() {
    return this.token;
  }
  set() {
    return { ok: false as const, message: this.help };
  }
  source() {
    return this.from;
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

/** A demo profile's token is the demo platform's own: nothing secret. */
export class OverlayTokenStore implements TokenStore {
  constructor(
    private readonly inner: TokenStore,
    private readonly overlay: Map<string, { token: string; source: string }>,
  ) {}
  get writable() {
    return this.inner.writable;
  }
  get help() {
    return this.inner.help;
  }
  get(profile: string) {
    return this.overlay.get(profile)?.token ?? this.inner.get(profile);
  }
  set(profile: string, token: string) {
    return this.inner.set(profile, token);
  }
  source(profile: string) {
    return this.overlay.get(profile)?.source ?? this.inner.source(profile);
  }
}
