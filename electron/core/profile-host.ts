import type { ProfileConfig, ProfileEdit, ProfileSummary } from '../../shared/environment.ts';
import { methodNames, type MethodName, type ValueOf } from '../../shared/api.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { createConsoleCore, type ConsoleCore, type CoreConfig, type CoreHandlers } from './console-core.ts';
import { EventBus } from './events.ts';
import { profileDataDir } from './paths.ts';
import type { ProfileService } from './profiles/handlers.ts';
import { applyProfileEdit } from './profiles/profile-edit.ts';
import { ProfileStore } from './profiles/profile-store.ts';
import { ProfileTokens } from './profiles/profile-tokens.ts';
import { originsOf, type TokenOrigins } from './profiles/token-binding.ts';
import { OverlayTokenStore, type OverlayToken, type TokenStore } from './profiles/token-store.ts';

export interface RunningDemo {
  adminUrl: string;
  gatewayUrl: string;
  token: string;
  stop(): Promise<void>;
}

export interface ProfileHostOptions extends Omit<CoreConfig, 'dataDir' | 'profile' | 'tokens' | 'profiles' | 'events' | 'secrets'> {
  /** The folder holding profiles.json and one data folder per profile. */
  root: string;
  /** Where tokens are kept, each with the origins it was given for (keychain, serve's env, memory). */
  tokens: TokenStore;
  /** Starts the built-in demo platform for a demo profile. */
  startDemo: () => Promise<RunningDemo>;
  /** A profile given on the command line: active for this run, saved only if the user saves it. */
  override?: ProfileConfig;
  /** Pick a profile other than the saved active one for this run. */
  profileName?: string;
  /** Secrets that are not profile tokens (serve's own access token): redacted like them. */
  extraSecrets?: string[];
}

/**
 * Holds the active profile's core and swaps it when the user switches, explicitly, or edits the
 * active profile. Both transports call through `handlers`, which always reach the current core.
 */
export class ProfileHost implements ProfileService {
  readonly events = new EventBus();
  readonly store: ProfileStore;
  private core: ConsoleCore | null = null;
  private active: ProfileConfig | null = null;
  private override: ProfileConfig | null;
  private demo: RunningDemo | null = null;
  private readonly demoTokens = new Map<string, OverlayToken>();
  /** What every core reads: a token only for the origins it was given for. */
  private readonly tokens: ProfileTokens;
  readonly handlers: CoreHandlers;

  constructor(private readonly opts: ProfileHostOptions) {
    this.store = new ProfileStore(opts.root);
    this.override = opts.override ?? null;
    this.tokens = new ProfileTokens(new OverlayTokenStore(opts.tokens, this.demoTokens), (name) => this.originsFor(name));
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

  /** Every secret this console holds: every profile's token, the demo's, and the extra ones. */
  secrets(): string[] {
    return [...this.tokens.secrets(), ...(this.opts.extraSecrets ?? [])];
  }

  private profiles(): ProfileConfig[] {
    const saved = this.store.load().profiles;
    const o = this.override;
    return o ? [o, ...saved.filter((p) => p.name !== o.name)] : saved;
  }

  /** Where a profile points now: the active one as opened (the demo at its running platform). */
  private originsFor(name: string): TokenOrigins | null {
    if (this.active?.name === name) return originsOf(this.active);
    const p = this.profiles().find((x) => x.name === name);
    return p ? originsOf(p) : null;
  }

  async open(name?: string): Promise<ConsoleCore> {
    const file = this.store.load();
    const wanted = name ?? this.override?.name ?? this.opts.profileName ?? file.active;
    const profile = this.profiles().find((p) => p.name === wanted);
    if (!profile) throw new Error(`No profile named "${wanted}" (known: ${this.profiles().map((p) => p.name).join(', ')})`);
    let effective = profile;
    if (profile.kind === 'demo') {
      this.demo ??= await this.opts.startDemo();
      effective = { ...profile, adminUrl: this.demo.adminUrl, gatewayUrl: this.demo.gatewayUrl };
      // The demo's own token, for the demo platform's origins only.
      this.demoTokens.set(profile.name, { token: this.demo.token, ...originsOf(this.demo), source: 'demo platform' });
    }
    const { root: _root, tokens: _tokens, startDemo: _s, override: _o, profileName: _p, extraSecrets: _x, ...core } = this.opts;
    const previousActive = this.active;
    // Set before the core is built: what it reads of its token is checked against these origins.
    this.active = effective;
    try {
      this.core = createConsoleCore({
        ...core,
        dataDir: profileDataDir(this.opts.root, profile.name),
        profile: effective,
        tokens: this.tokens,
        profiles: this,
        events: this.events,
        secrets: () => this.secrets(),
      });
    } catch (e) {
      this.active = previousActive;
      throw e;
    }
    if (profile.kind !== 'demo' && this.demo) {
      // Only once the new profile is open: a failed switch leaves the demo profile working.
      await this.stopDemo();
    }
    return this.core;
  }

  private async stopDemo(): Promise<void> {
    const demo = this.demo;
    this.demo = null;
    this.demoTokens.clear();
    if (demo) await demo.stop();
  }

  list(): ValueOf<'profiles.list'> {
    const summaries: ProfileSummary[] = this.profiles().map((p) => {
      const active = p.name === this.active?.name;
      const shown = active && this.active ? this.active : p;
      // A demo profile not open has no platform running, hence no token yet: nothing is wrong.
      const idleDemo = p.kind === 'demo' && !active;
      return {
        name: p.name,
        kind: p.kind,
        environmentName: shown.environmentName,
        production: shown.production,
        active,
        adminUrl: shown.adminUrl,
        gatewayUrl: shown.gatewayUrl,
        metricsUrl: shown.metricsUrl,
        role: shown.role,
        metricsSource: shown.metrics.kind,
        hasToken: !idleDemo && this.tokens.get(p.name) !== null,
        tokenSource: idleDemo ? 'demo platform (its own token, while it runs)' : this.tokens.source(p.name),
        tokenProblem: idleDemo ? null : this.tokens.problem(p.name),
      };
    });
    return { profiles: summaries, tokenWritable: this.tokens.writable, tokenHelp: this.tokens.help };
  }

  /**
   * The form's fields over the stored profile (a new one gets the defaults). The active profile
   * reopens at once with what was saved; while a lever executes in it, nothing is saved.
   */
  async save(edit: ProfileEdit): Promise<Result<ValueOf<'profiles.save'>>> {
    let file: ReturnType<ProfileStore['load']>;
    try {
      file = this.store.load();
    } catch (e) {
      return err('storage', (e as Error).message);
    }
    const stored = this.profiles().find((x) => x.name === edit.name) ?? null;
    const merged = applyProfileEdit(stored, edit);
    if (!merged.ok) return merged;
    const p = merged.value;
    const reopen = p.name === this.active?.name && JSON.stringify(p) !== JSON.stringify(stored);
    if (reopen && this.leverInFlight())
      return err('conflict', `A lever is executing in "${p.name}"; save once it has its outcome (nothing was saved).`);
    const profiles = [...file.profiles.filter((x) => x.name !== p.name), p].sort((a, b) => a.name.localeCompare(b.name));
    try {
      this.store.save({ ...file, profiles });
    } catch (e) {
      return err('storage', `Could not save profiles: ${(e as Error).message}`);
    }
    const previousOverride = this.override;
    if (this.override?.name === p.name) this.override = p;
    if (reopen) {
      const r = await this.replaceCore(p.name);
      if (!r.ok) {
        this.override = previousOverride;
        let undone = true;
        try {
          this.store.save(file);
        } catch {
          undone = false;
        }
        return err(r.error.code, `${r.error.message}; ${undone ? 'the edit was undone, the profile is as it was' : 'the edit stays saved and applies at the next start'}`);
      }
    }
    return ok(this.list());
  }

  async switchTo(name: string): Promise<Result<ValueOf<'profiles.switch'>>> {
    if (!this.profiles().some((p) => p.name === name)) return err('not_found', `No profile named "${name}"`);
    if (name === this.active?.name) return ok({ switched: false });
    if (this.leverInFlight()) return err('conflict', 'A lever is executing in this profile; switch once it has its outcome.');
    const r = await this.replaceCore(name);
    if (!r.ok) return r;
    const file = this.store.load();
    if (file.profiles.some((p) => p.name === name)) this.store.save({ ...file, active: name });
    return ok({ switched: true });
  }

  setToken(name: string, token: string): Result<ValueOf<'profiles.setToken'>> {
    const p = this.profiles().find((x) => x.name === name);
    if (!p) return err('not_found', `No profile named "${name}"`);
    if (p.kind === 'demo') return err('invalid', "The demo profile uses the demo platform's own token");
    const origins = this.originsFor(name);
    if (!origins?.adminOrigin || !origins.gatewayOrigin) return err('invalid', `Give "${name}" its admin and gateway URLs first: a token is kept for the addresses it is given for.`);
    const r = this.tokens.set(name, token, origins);
    return r.ok ? ok(this.list()) : err('invalid', r.message);
  }

  async close(): Promise<void> {
    this.core?.close();
    this.core = null;
    await this.stopDemo();
  }

  private leverInFlight(): boolean {
    const busy = this.current().db.prepare("SELECT count(*) AS n FROM lever_executions WHERE status = 'in_flight'").get() as { n: number };
    return busy.n > 0;
  }

  /** Opens `name` beside the current core and closes the old one only once the new one is up. */
  private async replaceCore(name: string): Promise<Result<void>> {
    const previous = this.current();
    const previousActive = this.active;
    try {
      await this.open(name);
    } catch (e) {
      this.core = previous;
      this.active = previousActive;
      return err('storage', `Could not open profile "${name}": ${(e as Error).message}`);
    }
    previous.close();
    this.events.emit('app.changed', { profile: name });
    return ok(undefined);
  }
}
