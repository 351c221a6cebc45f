import { safeStorage } from 'electron';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenStore } from '../core/profiles/token-store.ts';
import { profileDataDir } from '../core/paths.ts';

/**
 * Tokens encrypted with the OS keychain (Keychain, DPAPI, libsecret/kwallet) through Electron's
 * safeStorage, in an owner-only file beside the profile's database — never inside it.
 */
export class KeychainTokenStore implements TokenStore {
  readonly writable = true;
  readonly help = 'stored encrypted with your OS keychain (Electron safeStorage)';

  constructor(private readonly root: string) {}

  private file(profile: string) {
    return join(profileDataDir(this.root, profile), 'token.safe');
  }

  get(profile: string): string | null {
    const f = this.file(profile);
    if (!existsSync(f) || !safeStorage.isEncryptionAvailable()) return null;
    try {
      return safeStorage.decryptString(readFileSync(f));
    } catch {
      return null; // another user's or another machine's keychain: treated as no token
    }
  }

  set(profile: string, token: string) {
    if (!safeStorage.isEncryptionAvailable())
      return { ok: false as const, message: 'No OS keychain is available, so the token cannot be stored safely. Use `npm run serve` with SWITCHYARD_TOKEN instead.' };
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
      return { ok: false as const, message: 'Only the "basic_text" keychain backend is available (no libsecret or kwallet): refusing to store the token with it.' };
    const f = this.file(profile);
    mkdirSync(profileDataDir(this.root, profile), { recursive: true });
    const tmp = `${f}.tmp`;
    writeFileSync(tmp, safeStorage.encryptString(token), { mode: 0o600 });
    renameSync(tmp, f);
    chmodSync(f, 0o600);
    return { ok: true as const };
  }

  source(profile: string): string {
    return existsSync(this.file(profile)) ? 'OS keychain' : 'none';
  }
}
