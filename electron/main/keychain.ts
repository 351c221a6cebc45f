import { safeStorage } from 'electron';
import { SealedFileTokenStore, type TokenCipher } from '../core/profiles/sealed-token-file.ts';

/** The OS keychain (Keychain, DPAPI, libsecret/kwallet) through Electron's safeStorage. */
const keychain: TokenCipher = {
  unavailable: () => (safeStorage.isEncryptionAvailable() ? null : 'no OS keychain is available'),
  refusesToStore: () => {
    if (!safeStorage.isEncryptionAvailable())
      return 'No OS keychain is available, so the token cannot be stored safely. Use `npm run serve` with SWITCHYARD_TOKEN instead.';
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
      return 'Only the "basic_text" keychain backend is available (no libsecret or kwallet): refusing to store the token with it.';
    return null;
  },
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (sealed) => safeStorage.decryptString(sealed),
};

/**
 * Tokens encrypted with the OS keychain, each with the admin and gateway origins it was given
 * for, in an owner-only `token.safe` beside the profile's database (the file format and its
 * reading are in core/profiles/sealed-token-file.ts, tested without Electron).
 */
export class KeychainTokenStore extends SealedFileTokenStore {
  constructor(root: string) {
    super(root, keychain, 'OS keychain');
  }
}
