import { describeOrigins, sameOrigins, type TokenOrigins } from './token-binding.ts';
import { TokenStoreBase, type SetTokenResult, type TokenEntry, type TokenStore } from './token-store.ts';

/**
 * The tokens as a profile's core sees them: a stored token counts only while the profile's
 * admin and gateway origins are the ones it was given for. Otherwise it is kept (and still
 * redacted) but never sent, and `source` says why and what to do.
 */
export class ProfileTokens extends TokenStoreBase {
  constructor(
    private readonly inner: TokenStore,
    /** Where the profile points now (the running demo's URLs for the demo); null if there is no such profile. */
    private readonly originsFor: (profile: string) => TokenOrigins | null,
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
    const e = this.inner.entry(profile);
    if (e.state !== 'stored') return e;
    const again = this.inner.writable ? 'set it again' : 'give it again with the URLs it is for';
    const now = this.originsFor(profile);
    if (!now) return { state: 'none' };
    if (!e.origins)
      return { state: 'unusable', source: e.source, reason: `the stored token does not say which admin and gateway it was given for (an older Switchyard stored it): ${again}` };
    if (!sameOrigins(e.origins, now))
      return { state: 'unusable', source: e.source, reason: `token was given for ${describeOrigins(e.origins)}; the profile now points elsewhere: ${again}` };
    return e;
  }

  /** Why a stored token is not used, or null. */
  problem(profile: string): string | null {
    const e = this.entry(profile);
    return e.state === 'unusable' ? e.reason : null;
  }

  set(profile: string, token: string, origins: TokenOrigins | null): SetTokenResult {
    return this.inner.set(profile, token, origins);
  }

  secrets(): string[] {
    return this.inner.secrets();
  }
}
