import { type ProfileConfig, type ProfileSummary } from '../../shared/environment.ts';
import { methodNames, type MethodName, type ValueOf } from '../../shared/api.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { createConsoleCore, type ConsoleCore, type CoreConfig, type CoreHandlers, type ProfileService } from './console-core.ts';
import { EventBus } from './events.ts';
import { profileDataDir } from './paths.ts';
import { ProfileStore } from './profiles/profile-store.ts';
import { OverlayTokenStore, type TokenStore } from './profiles/token-store.ts';

export interface RunningDemo {
  adminUrl: string;
  gatewayUrl: string;
  token: string;
  stop(): Promise<void>;
}

export interface ProfileHostOptions extends Omit<CoreConfig, 'dataDir' | 'profile' | 'tokens' | 'profiles' | 'events'> {
  /** The folder holding profiles.json and one data folder per profile. */
  root: string;
  tokens: TokenStore;
  /** Starts the built-in demo platform for a demo profile. */
  startDemo: () => Promise<RunningDemo>;
  /** A profile given on the command line: active for this run, saved only if the user saves it. */
  override?: ProfileConfig;
  /** Pick a profile other than the saved active one for this run. */
  profileName?: string;
}

/**
 * Holds the active profile's core and swaps it when the user switches, explicitly. Both
 * transports call through `handlers`, which always reach the current core.
 */
export class ProfileHost implements ProfileService {
  readonly events = new EventBus();
  readonly store: ProfileStore;
  private core: ConsoleCore | null = null;
  private active: ProfileConfig | null = null;
  private demo: RunningDemo | null = null;
  private readonly demoTokens = new Map<string, { token: string; source: string }>();
  private readonly tokens: TokenStore;
  readonly handlers: CoreHandlers;

  constructor(private readonly opts: ProfileHostOptions) {
    this.store = new ProfileStore(opts.root);
    this.tokens = new OverlayTokenStore(opts.tokens, this.demoTokens);
    this.handlers = Object.fromEntries(
      methodNames.map((name: MethodName) => [name, (args: never, ctx: never) => (this.current().handlers[name] as (a: never, c: never) => unknown)(args, ctx)]),
    ) as unknown as CoreHandlers;
  }

  current(): ConsoleCore {
    if (!this.core) throw new Error('no profile is open');
    return this.core;
  }

  get activeProfile(): ProfileConfig | null {
    return this.active;
  }

  private profiles(): ProfileConfig[] {
    const saved = this.store.load().profiles;
    const o = this.opts.override;
    return o ? [o, ...saved.filter((p) => p.name !== o.name)] : saved;
  }

  async open(name?: string): Promise<ConsoleCore> {
    const file = this.store.load();
    const wanted = name ?? this.opts.override?.name ?? this.opts.profileName ?? file.active;
    const profile = this.profiles().find((p) => p.name === wanted);
    if (!profile) throw new Error(`No profile named "${wanted}" (known: ${this.profiles().map((p) => p.name).join(', ')})`);
    let effective = profile;
    if (profile.kind === 'demo') {
      this.demo ??= await this.opts.startDemo();
      effective = { ...profile, adminUrl: this.demo.adminUrl, gatewayUrl: this.demo.gatewayUrl };
      this.demoTokens.set(profile.name, { token: this.demo.token, source: 'demo platform' });
    }
    const { root: _root, tokens: _tokens, startDemo: _s, override: _o, profileName: _p, ...core } = this.opts;
    this.core = createConsoleCore({
      ...core,
      dataDir: profileDataDir(this.opts.root, profile.name),
      profile: effective,
      tokens: this.tokens,
      profiles: this,
      events: this.events,
    });
    this.active = effective;
    if (profile.kind !== 'demo' && this.demo) {
      // Only once the new profile is open: a failed switch leaves the demo profile working.
      await this.demo.stop();
      this.demo = null;
    }
    return this.core;
  }

  list(): ValueOf<'profiles.list'> {
    const summaries: ProfileSummary[] = this.profiles().map((p) => ({
      name: p.name,
      kind: p.kind,
      environmentName: p.environmentName,
      production: p.production,
      active: p.name === this.active?.name,
      adminUrl: p.name === this.active?.name ? this.active.adminUrl : p.adminUrl,
      gatewayUrl: p.name === this.active?.name ? this.active.gatewayUrl : p.gatewayUrl,
      metricsUrl: p.metricsUrl,
      role: p.role,
      hasToken: this.tokens.get(p.name) !== null,
      tokenSource: this.tokens.source(p.name),
    }));
    return { profiles: summaries, tokenWritable: this.tokens.writable, tokenHelp: this.tokens.help };
  }

  save(p: ProfileConfig): Result<ValueOf<'profiles.save'>> {
    if (p.kind === 'demo' && p.production) return err('invalid', 'A demo profile cannot be production');
    if (p.kind === 'platform' && (!p.adminUrl || !p.gatewayUrl)) return err('invalid', 'A platform profile needs an admin URL and a gateway URL');
    const file = this.store.load();
    const profiles = file.profiles.filter((x) => x.name !== p.name);
    profiles.push(p);
    profiles.sort((a, b) => a.name.localeCompare(b.name));
    try {
      this.store.save({ ...file, profiles });
    } catch (e) {
      return err('storage', `Could not save profiles: ${(e as Error).message}`);
    }
    return ok(this.list());
  }

  async switchTo(name: string): Promise<Result<ValueOf<'profiles.switch'>>> {
    if (!this.profiles().some((p) => p.name === name)) return err('not_found', `No profile named "${name}"`);
    if (name === this.active?.name) return ok({ switched: false });
    const busy = this.current().db.prepare("SELECT count(*) AS n FROM lever_executions WHERE status = 'in_flight'").get() as { n: number };
    if (busy.n > 0) return err('conflict', 'A lever is executing in this profile; switch once it has its outcome.');
    const previous = this.current();
    try {
      await this.open(name);
    } catch (e) {
      this.core = previous;
      return err('storage', `Could not open profile "${name}": ${(e as Error).message}`);
    }
    previous.close();
    const file = this.store.load();
    if (this.store.load().profiles.some((p) => p.name === name)) this.store.save({ ...file, active: name });
    this.events.emit('app.changed', { profile: name });
    return ok({ switched: true });
  }

  setToken(name: string, token: string): Result<ValueOf<'profiles.setToken'>> {
    const p = this.profiles().find((x) => x.name === name);
    if (!p) return err('not_found', `No profile named "${name}"`);
    if (p.kind === 'demo') return err('invalid', 'The demo profile uses the demo platform\'s own token');
    const r = this.tokens.set(name, token);
    return r.ok ? ok(this.list()) : err('invalid', r.message);
  }

  async close(): Promise<void> {
    this.core?.close();
    this.core = null;
    if (this.demo) await this.demo.stop();
    this.demo = null;
  }
}
