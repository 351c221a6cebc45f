// The keychain's token file (token.safe), without Electron: what is sealed in it (the token and
// the origins it was given for), how an older file holding a bare token is treated (kept and
// redacted, never sent: it must be set again), and what a file this keychain cannot decrypt
// says. The cipher is AES-GCM with a per-"machine" key standing in for safeStorage.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileTokens } from '../../electron/core/profiles/profile-tokens.ts';
import { SealedFileTokenStore, TOKEN_FILE, decodeTokenRecord, encodeTokenRecord, type TokenCipher } from '../../electron/core/profiles/sealed-token-file.ts';
import { useScratch } from '../helpers/scratch.ts';

const scratch = useScratch();

/** One user's keychain on one machine: what it seals, only it opens. */
function keychain(opts: { available?: boolean; refuse?: string } = {}): TokenCipher & { key: Buffer } {
  const key = randomBytes(32);
  return {
    key,
    unavailable: () => (opts.available === false ? 'no OS keychain is available' : null),
    refusesToStore: () => opts.refuse ?? (opts.available === false ? 'No OS keychain is available' : null),
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      d.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const PROD = { adminOrigin: 'https://admin.prod.example', gatewayOrigin: 'https://gw.prod.example' };
const tokenFile = (root: string, profile: string) => join(root, 'profiles', profile, TOKEN_FILE);

describe('the token record', () => {
  it('is version 2 JSON with the token and both origins, and reads back as such', () => {
    const text = encodeTokenRecord({ token: 'tok-abc-123', ...PROD });
    expect(JSON.parse(text)).toEqual({ v: 2, token: 'tok-abc-123', adminOrigin: PROD.adminOrigin, gatewayOrigin: PROD.gatewayOrigin });
    expect(decodeTokenRecord(text)).toEqual({ kind: 'bound', token: { token: 'tok-abc-123', ...PROD } });
  });

  it('tells an older bare token, a newer format and garbage apart', () => {
    expect(decodeTokenRecord('  old-bare-token-777\n')).toEqual({ kind: 'legacy', token: 'old-bare-token-777' });
    expect(decodeTokenRecord('{not json')).toEqual({ kind: 'legacy', token: '{not json' });
    expect(decodeTokenRecord(JSON.stringify({ v: 3, token: 'x' }))).toEqual({ kind: 'unreadable', reason: 'the stored token was written by a newer Switchyard (format 3)' });
    expect(decodeTokenRecord(JSON.stringify({ v: 2, token: '' }))).toMatchObject({ kind: 'unreadable' });
    expect(decodeTokenRecord('')).toMatchObject({ kind: 'unreadable' });
  });
});

describe('the keychain token store', () => {
  it('seals the token with its origins in an owner-only file, never in clear', () => {
    const root = scratch.tempDir('switchyard-keychain-');
    const cipher = keychain();
    const store = new SealedFileTokenStore(root, cipher);
    expect(store.set('prod', 'secret-token-8080', PROD)).toEqual({ ok: true });
    const sealed = readFileSync(tokenFile(root, 'prod'));
    expect(sealed.includes('secret-token-8080')).toBe(false);
    expect(JSON.parse(cipher.decrypt(sealed))).toEqual({ v: 2, token: 'secret-token-8080', ...PROD });
    if (process.platform !== 'win32') expect(statSync(tokenFile(root, 'prod')).mode & 0o777).toBe(0o600);
    expect(store.entry('prod')).toEqual({ state: 'stored', token: 'secret-token-8080', origins: PROD, source: 'OS keychain' });
    // Another process (a restart) reads the same.
    expect(new SealedFileTokenStore(root, cipher).bound('prod')).toEqual({ token: 'secret-token-8080', ...PROD });
    expect(store.set('prod', 'x-token', null)).toEqual({ ok: false, message: expect.stringContaining('admin and gateway') });
  });

  it('keeps an older bare-token file but never gives it to a profile: it must be set again', () => {
    const root = scratch.tempDir('switchyard-keychain-');
    const cipher = keychain();
    mkdirSync(join(root, 'profiles', 'prod'), { recursive: true });
    writeFileSync(tokenFile(root, 'prod'), cipher.encrypt('legacy-token-4242'), { mode: 0o600 });
    const store = new SealedFileTokenStore(root, cipher);
    expect(store.entry('prod')).toMatchObject({ state: 'stored', token: 'legacy-token-4242', origins: null });
    expect(store.bound('prod')).toBeNull();
    expect(store.secrets()).toEqual(['legacy-token-4242']);

    const profile = new ProfileTokens(store, () => PROD);
    expect(profile.get('prod')).toBeNull();
    expect(profile.bound('prod')).toBeNull();
    expect(profile.source('prod')).toMatch(/^OS keychain: the stored token does not say which admin and gateway it was given for .*: set it again$/);

    expect(store.set('prod', 'new-token-4343', PROD)).toEqual({ ok: true });
    expect(profile.get('prod')).toBe('new-token-4343');
  });

  it('says when the stored token cannot be decrypted, instead of "no token"', () => {
    const root = scratch.tempDir('switchyard-keychain-');
    new SealedFileTokenStore(root, keychain()).set('prod', 'other-machine-token', PROD);
    const here = new SealedFileTokenStore(root, keychain());
    expect(here.get('prod')).toBeNull();
    expect(here.secrets()).toEqual([]);
    expect(here.source('prod')).toMatch(/^OS keychain: cannot decrypt the stored token \(.+\); .*set it again$/);
    expect(new ProfileTokens(here, () => PROD).source('prod')).toBe(here.source('prod'));

    writeFileSync(tokenFile(root, 'prod'), Buffer.from('damaged'));
    expect(here.source('prod')).toMatch(/cannot decrypt the stored token/);
    expect(here.source('staging')).toBe('none');
  });

  it('says when there is no keychain to read or store with', () => {
    const root = scratch.tempDir('switchyard-keychain-');
    new SealedFileTokenStore(root, keychain()).set('prod', 'a-token-000', PROD);
    const none = new SealedFileTokenStore(root, keychain({ available: false }));
    expect(none.source('prod')).toBe('OS keychain: no OS keychain is available, so the stored token cannot be read');
    expect(none.set('prod', 'b-token-111', PROD)).toEqual({ ok: false, message: 'No OS keychain is available' });
    const basic = new SealedFileTokenStore(root, keychain({ refuse: 'Only the "basic_text" keychain backend is available' }));
    expect(basic.set('prod', 'b-token-111', PROD)).toEqual({ ok: false, message: 'Only the "basic_text" keychain backend is available' });
  });

  it('lists every token it holds, for every profile, for redaction', () => {
    const root = scratch.tempDir('switchyard-keychain-');
    const store = new SealedFileTokenStore(root, keychain());
    store.set('prod', 'token-prod-1', PROD);
    store.set('staging', 'token-staging-2', { adminOrigin: 'https://admin.staging.example', gatewayOrigin: 'https://gw.staging.example' });
    mkdirSync(join(root, 'profiles', 'no-token'), { recursive: true });
    expect(store.secrets().sort()).toEqual(['token-prod-1', 'token-staging-2']);
    store.set('prod', 'token-prod-3', PROD);
    expect(store.secrets().sort()).toEqual(['token-prod-3', 'token-staging-2']);
  });
});
