import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROFILE_NAME } from '../../../shared/environment.ts';
import { profileDataDir } from '../paths.ts';
import type { BoundToken, TokenOrigins } from './token-binding.ts';
import { TokenStoreBase, type SetTokenResult, type TokenEntry } from './token-store.ts';

/** Encrypts and decrypts with something only this user on this machine can open (Electron's safeStorage). */
export interface TokenCipher {
  /** Why stored tokens cannot be decrypted here (no keychain), or null. */
  unavailable(): string | null;
  /** Why a token must not be stored with this cipher (no keychain, an unsafe backend), or null. */
  refusesToStore(): string | null;
  encrypt(plain: string): Buffer;
  /** Throws when the file was sealed by another user's or machine's keychain, or is damaged. */
  decrypt(sealed: Buffer): string;
}

export const TOKEN_FILE = 'token.safe';

const TokenRecordV2 = z.object({
  v: z.literal(2),
  token: z.string().min(1),
  adminOrigin: z.string().nullable(),
  gatewayOrigin: z.string().nullable(),
});

/** What is sealed in token.safe: the token and the origins it was given for. */
export function encodeTokenRecord(t: BoundToken): string {
  return JSON.stringify({ v: 2, token: t.token, adminOrigin: t.adminOrigin, gatewayOrigin: t.gatewayOrigin });
}

export type DecodedTokenRecord =
  | { kind: 'bound'; token: BoundToken }
  /** Before v2 the file held the bare token: for which origins is unknown, so it is not sent anywhere. */
  | { kind: 'legacy'; token: string }
  | { kind: 'unreadable'; reason: string };

export function decodeTokenRecord(plain: string): DecodedTokenRecord {
  const text = plain.trim();
  if (text === '') return { kind: 'unreadable', reason: 'the stored token is empty' };
  if (!text.startsWith('{')) return { kind: 'legacy', token: text };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'legacy', token: text };
  }
  const r = TokenRecordV2.safeParse(raw);
  if (r.success) return { kind: 'bound', token: { token: r.data.token, adminOrigin: r.data.adminOrigin, gatewayOrigin: r.data.gatewayOrigin } };
  const v = (raw as { v?: unknown } | null)?.v;
  if (typeof v === 'number' && v > 2) return { kind: 'unreadable', reason: `the stored token was written by a newer Switchyard (format ${v})` };
  return { kind: 'unreadable', reason: 'the stored token file is not a token record' };
}

/**
 * Tokens sealed with a TokenCipher, one owner-only file per profile beside its database and
 * never inside it. Reading is cached per file version: redaction asks for every token often.
 */
const SECRETS_MEMO_MS = 1000;

export class SealedFileTokenStore extends TokenStoreBase {
  readonly writable = true;
  private readonly cache = new Map<string, { stamp: string; entry: TokenEntry }>();
  private secretsMemo: { at: number; list: string[] } | null = null;

  constructor(
    private readonly root: string,
    private readonly cipher: TokenCipher,
    private readonly label = 'OS keychain',
    readonly help = 'stored encrypted with your OS keychain (Electron safeStorage)',
  ) {
    super();
  }

  private file(profile: string) {
    return join(profileDataDir(this.root, profile), TOKEN_FILE);
  }

  entry(profile: string): TokenEntry {
    const f = this.file(profile);
    let stamp: string;
    try {
      const st = statSync(f);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      this.cache.delete(profile);
      return { state: 'none' };
    }
    const cached = this.cache.get(profile);
    if (cached?.stamp === stamp) return cached.entry;
    const entry = this.read(f);
    // An unavailable keychain may come back (a locked session): do not remember that answer.
    if (this.cipher.unavailable() === null) this.cache.set(profile, { stamp, entry });
    return entry;
  }

  private read(f: string): TokenEntry {
    const unusable = (reason: string): TokenEntry => ({ state: 'unusable', source: this.label, reason });
    const off = this.cipher.unavailable();
    if (off) return unusable(`${off}, so the stored token cannot be read`);
    let plain: string;
    try {
      plain = this.cipher.decrypt(readFileSync(f));
    } catch (e) {
      return unusable(`cannot decrypt the stored token (${(e as Error).message || 'unknown error'}); it was stored by another user or machine, or the file is damaged: set it again`);
    }
    const d = decodeTokenRecord(plain);
    if (d.kind === 'legacy') return { state: 'stored', token: d.token, origins: null, source: this.label };
    if (d.kind === 'unreadable') return unusable(`${d.reason}: set it again`);
    return { state: 'stored', token: d.token.token, origins: { adminOrigin: d.token.adminOrigin, gatewayOrigin: d.token.gatewayOrigin }, source: this.label };
  }

  set(profile: string, token: string, origins: TokenOrigins | null): SetTokenResult {
    const refused = this.cipher.refusesToStore();
    if (refused) return { ok: false, message: refused };
    if (!origins) return { ok: false, message: 'A token is stored only with the admin and gateway it is for.' };
    const f = this.file(profile);
    mkdirSync(profileDataDir(this.root, profile), { recursive: true });
    const tmp = `${f}.tmp`;
    writeFileSync(tmp, this.cipher.encrypt(encodeTokenRecord({ token, ...origins })), { mode: 0o600 });
    renameSync(tmp, f);
    chmodSync(f, 0o600);
    this.cache.delete(profile);
    this.secretsMemo = null;
    return { ok: true };
  }

  /**
   * Asked for on every database statement (redaction), so not a directory walk each time: the
   * list is kept for a second, and dropped at once when this store writes a token.
   */
  secrets(): string[] {
    const now = Date.now();
    if (this.secretsMemo && now - this.secretsMemo.at < SECRETS_MEMO_MS) return this.secretsMemo.list;
    const list = this.readSecrets();
    this.secretsMemo = { at: now, list };
    return list;
  }

  private readSecrets(): string[] {
    const dir = join(this.root, 'profiles');
    if (!existsSync(dir)) return [];
    const out: string[] = [];
    for (const name of readdirSync(dir)) {
      if (!PROFILE_NAME.test(name)) continue;
      const e = this.entry(name);
      if (e.state === 'stored') out.push(e.token);
    }
    return out;
  }
}
