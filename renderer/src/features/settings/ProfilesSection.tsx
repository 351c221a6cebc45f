import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { z } from 'zod';
import type { ProfileList, ProfileInput } from '../../../../shared/environment.ts';
import type { ApiError } from '../../../../shared/result.ts';
import { api } from '../../api.ts';

type Profiles = z.infer<typeof ProfileList>;

interface ProfilesState {
  data: Profiles | null;
  error: ApiError | null;
  message: string | null;
  load(): Promise<void>;
  save(p: ProfileInput): Promise<boolean>;
  switchTo(name: string): Promise<void>;
  setToken(name: string, token: string): Promise<boolean>;
}

const useProfiles = create<ProfilesState>((set, get) => ({
  data: null,
  error: null,
  message: null,
  async load() {
    const r = await api['profiles.list']();
    set(r.ok ? { data: r.value, error: null } : { error: r.error });
  },
  async save(p) {
    const r = await api['profiles.save'](p);
    set(r.ok ? { data: r.value, error: null, message: `Profile "${p.name}" saved. Switch to it to use it.` } : { error: r.error, message: null });
    return r.ok;
  },
  async switchTo(name) {
    const r = await api['profiles.switch']({ name });
    if (!r.ok) set({ error: r.error });
    else await get().load();
  },
  async setToken(name, token) {
    const r = await api['profiles.setToken']({ name, token });
    set(r.ok ? { data: r.value, error: null, message: `Token stored for "${name}".` } : { error: r.error });
    return r.ok;
  },
}));

const EMPTY: ProfileInput = { name: '', kind: 'platform', environmentName: '', adminUrl: '', gatewayUrl: '', metricsUrl: '', production: false, role: 'operator' };

/** Environments: explicit switching, production named and colored, tokens never shown. */
export function ProfilesSection({ readOnly }: { readOnly: boolean }) {
  const st = useProfiles();
  const [form, setForm] = useState<ProfileInput>(EMPTY);
  const [tokenFor, setTokenFor] = useState<string | null>(null);
  const [token, setToken] = useState('');
  useEffect(() => {
    void st.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const field = (k: keyof ProfileInput) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm({ ...form, [k]: e.target.type === 'checkbox' ? (e.target as HTMLInputElement).checked : e.target.value });

  return (
    <section className="panel" aria-label="Profiles">
      <h2>Profiles (environments)</h2>
      <p className="muted">
        A profile is one platform environment: its URLs, the role its token holds, and whether it is production. Switching is explicit and
        reloads the console. Tokens: {st.data?.tokenHelp ?? '…'}.
      </p>
      {st.error && (
        <p className="error-text" role="alert">
          ✗ {st.error.message}
        </p>
      )}
      {st.message && <p className="ok-text">✓ {st.message}</p>}
      <table className="sources">
        <thead>
          <tr>
            <th>Profile</th>
            <th>Environment</th>
            <th>Admin · gateway</th>
            <th>Role</th>
            <th>Token</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {st.data?.profiles.map((p) => (
            <tr key={p.name} className={p.active ? 'current' : ''}>
              <td className="mono">
                {p.name}
                {p.active ? ' (active)' : ''}
              </td>
              <td>
                {p.kind === 'demo' ? <span className="env-badge env-demo">DEMO</span> : p.production ? <span className="env-badge env-prod">PRODUCTION · {p.environmentName}</span> : p.environmentName}
              </td>
              <td className="mono small">
                {p.adminUrl ?? '—'}
                <br />
                {p.gatewayUrl ?? '—'}
              </td>
              <td>{p.role}</td>
              <td>{p.hasToken ? `✓ ${p.tokenSource}` : <span className="warn-text">▲ none</span>}</td>
              <td className="nowrap">
                {!readOnly && !p.active && (
                  <button type="button" className="button button-small" onClick={() => void st.switchTo(p.name)}>
                    Switch to {p.name}
                  </button>
                )}
                {!readOnly && p.kind === 'platform' && st.data?.tokenWritable && (
                  <button type="button" className="link-button" onClick={() => setTokenFor(p.name)}>
                    set token
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tokenFor && (
        <form
          className="add-folder"
          onSubmit={(e) => {
            e.preventDefault();
            void st.setToken(tokenFor, token).then((ok) => {
              if (ok) {
                setToken('');
                setTokenFor(null);
              }
            });
          }}
        >
          <input className="text-input" type="password" autoComplete="off" placeholder={`bearer token for ${tokenFor}`} value={token} onChange={(e) => setToken(e.target.value)} />
          <button className="button" type="submit" disabled={token.trim().length < 8}>
            Store in keychain
          </button>
          <button className="button button-secondary" type="button" onClick={() => setTokenFor(null)}>
            Cancel
          </button>
        </form>
      )}
      {!readOnly && (
        <form
          className="profile-form"
          aria-label="Add a profile"
          onSubmit={(e) => {
            e.preventDefault();
            void st
              .save({ ...form, adminUrl: form.adminUrl || null, gatewayUrl: form.gatewayUrl || null, metricsUrl: form.metricsUrl || null })
              .then((ok) => ok && setForm(EMPTY));
          }}
        >
          <h3>Add or update a profile</h3>
          <input className="text-input" placeholder="profile name (e.g. prod-in)" value={form.name} onChange={field('name')} />
          <input className="text-input" placeholder="environment name shown everywhere (e.g. prod-in)" value={form.environmentName} onChange={field('environmentName')} />
          <input className="text-input" placeholder="admin URL ($ADMIN)" value={form.adminUrl ?? ''} onChange={field('adminUrl')} />
          <input className="text-input" placeholder="gateway URL ($GW)" value={form.gatewayUrl ?? ''} onChange={field('gatewayUrl')} />
          <input className="text-input" placeholder="Prometheus URL ($PROM, optional)" value={form.metricsUrl ?? ''} onChange={field('metricsUrl')} />
          <select className="text-input" value={form.role} onChange={field('role')} aria-label="Role of the token">
            <option value="viewer">token role: viewer</option>
            <option value="operator">token role: operator</option>
            <option value="super_admin">token role: super_admin</option>
          </select>
          <label className="checkbox">
            <input type="checkbox" checked={form.production ?? false} onChange={field('production')} /> production
          </label>
          <button className="button" type="submit" disabled={!form.name || !form.environmentName}>
            Save profile
          </button>
        </form>
      )}
    </section>
  );
}
