import { useEffect, useState } from 'react';
import type { MetricsSourceKind, ProfileEditInput, ProfileSummary } from '../../../../shared/environment.ts';
import { PlatformRole } from '../../../../shared/levers.ts';
import { useProfiles } from './store.ts';

/** What the form holds: the fields a person edits. Everything else of a profile stays as stored. */
export interface ProfileForm {
  name: string;
  environmentName: string;
  adminUrl: string;
  gatewayUrl: string;
  metricsUrl: string;
  metricsSource: MetricsSourceKind;
  role: PlatformRole;
  production: boolean;
}

export const EMPTY_FORM: ProfileForm = {
  name: '',
  environmentName: '',
  adminUrl: '',
  gatewayUrl: '',
  metricsUrl: '',
  metricsSource: 'scrape',
  role: 'operator',
  production: false,
};

export function formOf(p: ProfileSummary): ProfileForm {
  return {
    name: p.name,
    environmentName: p.environmentName,
    adminUrl: p.adminUrl ?? '',
    gatewayUrl: p.gatewayUrl ?? '',
    metricsUrl: p.metricsUrl ?? '',
    metricsSource: p.metricsSource,
    role: p.role,
    production: p.production,
  };
}

/** The edit to send: the form's fields; `kind` only for a new profile (an existing one keeps its own). */
export function editOf(form: ProfileForm, isNew: boolean): ProfileEditInput {
  const url = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    name: form.name.trim(),
    ...(isNew ? { kind: 'platform' as const } : {}),
    environmentName: form.environmentName.trim(),
    adminUrl: url(form.adminUrl),
    gatewayUrl: url(form.gatewayUrl),
    metricsUrl: url(form.metricsUrl),
    metricsSource: form.metricsSource,
    role: form.role,
    production: form.production,
  };
}

/** Typing a Prometheus URL into an empty field selects Prometheus; clearing it goes back to the scrape. */
export function withMetricsUrl(form: ProfileForm, metricsUrl: string): ProfileForm {
  const had = form.metricsUrl.trim() !== '';
  const has = metricsUrl.trim() !== '';
  return { ...form, metricsUrl, metricsSource: !has ? 'scrape' : had ? form.metricsSource : 'prometheus' };
}

function TokenCell({ p }: { p: ProfileSummary }) {
  if (p.hasToken) return <span>✓ {p.tokenSource}</span>;
  if (p.tokenProblem) return <span className="warn-text">▲ not used: {p.tokenSource}</span>;
  return <span className="warn-text">▲ none</span>;
}

/** Environments: explicit switching, production named and colored, tokens never shown. */
export function ProfilesSection({ readOnly }: { readOnly: boolean }) {
  const st = useProfiles();
  const [form, setForm] = useState<ProfileForm>(EMPTY_FORM);
  const [tokenFor, setTokenFor] = useState<string | null>(null);
  const [token, setToken] = useState('');
  useEffect(() => {
    void st.load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const existing = st.data?.profiles.find((p) => p.name === form.name.trim()) ?? null;
  const text = (k: 'name' | 'environmentName' | 'adminUrl' | 'gatewayUrl') => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value });

  return (
    <section className="panel" aria-label="Profiles">
      <h2>Profiles (environments)</h2>
      <p className="muted">
        A profile is one platform environment: its URLs, where its dashboards read from, the role its token holds, and whether it is production.
        Switching is explicit and reloads the console; saving the active profile reopens it with what was saved. A token is kept for the admin and
        gateway URLs it was given for: point the profile elsewhere and it must be set again. Tokens: {st.data?.tokenHelp ?? '…'}.
      </p>
      {st.error && (
        <p className="error-text" role="alert">
          ✗ {st.error.message}
        </p>
      )}
      {st.message && (
        <p className="ok-text" role="status">
          ✓ {st.message}
        </p>
      )}
      <table className="sources">
        <thead>
          <tr>
            <th>Profile</th>
            <th>Environment</th>
            <th>Admin · gateway</th>
            <th>Metrics</th>
            <th>Role</th>
            <th>Token</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {st.data?.profiles.map((p) => (
            <tr key={p.name} className={p.active ? 'current' : ''} aria-label={`Profile ${p.name}`}>
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
              <td className="small">{p.metricsSource === 'prometheus' ? `Prometheus ${p.metricsUrl ?? ''}` : 'gateway /metrics'}</td>
              <td>{p.role}</td>
              <td>
                <TokenCell p={p} />
              </td>
              <td className="nowrap">
                {!readOnly && !p.active && (
                  <button type="button" className="button button-small" onClick={() => void st.switchTo(p.name)}>
                    Switch to {p.name}
                  </button>
                )}
                {!readOnly && p.kind === 'platform' && (
                  <button type="button" className="link-button" onClick={() => setForm(formOf(p))}>
                    edit {p.name}
                  </button>
                )}
                {!readOnly && p.kind === 'platform' && st.data?.tokenWritable && (
                  <button type="button" className="link-button" onClick={() => setTokenFor(p.name)}>
                    set token for {p.name}
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
          <input
            className="text-input"
            type="password"
            autoComplete="off"
            aria-label={`Bearer token for ${tokenFor}`}
            placeholder={`bearer token for ${tokenFor}`}
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
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
          aria-label="Add or edit a profile"
          onSubmit={(e) => {
            e.preventDefault();
            void st.save(editOf(form, existing === null)).then((ok) => ok && setForm(EMPTY_FORM));
          }}
        >
          <h3>{existing ? `Edit profile "${existing.name}"${existing.active ? ' (active: saving reopens it)' : ''}` : 'Add a profile'}</h3>
          <input className="text-input" aria-label="Profile name" placeholder="profile name (e.g. prod-in)" value={form.name} onChange={text('name')} />
          <input
            className="text-input"
            aria-label="Environment name"
            placeholder="environment name shown everywhere (e.g. prod-in)"
            value={form.environmentName}
            onChange={text('environmentName')}
          />
          <input className="text-input" aria-label="Admin URL" placeholder="admin URL ($ADMIN)" value={form.adminUrl} onChange={text('adminUrl')} />
          <input className="text-input" aria-label="Gateway URL" placeholder="gateway URL ($GW)" value={form.gatewayUrl} onChange={text('gatewayUrl')} />
          <input
            className="text-input"
            aria-label="Prometheus URL"
            placeholder="Prometheus URL ($PROM, optional)"
            value={form.metricsUrl}
            onChange={(e) => setForm(withMetricsUrl(form, e.target.value))}
          />
          <select
            className="text-input"
            aria-label="Metrics source"
            value={form.metricsSource}
            onChange={(e) => setForm({ ...form, metricsSource: e.target.value === 'prometheus' ? 'prometheus' : 'scrape' })}
          >
            <option value="scrape">metrics source: gateway /metrics scrape</option>
            <option value="prometheus" disabled={form.metricsUrl.trim() === ''}>
              metrics source: Prometheus
            </option>
          </select>
          <select
            className="text-input"
            value={form.role}
            onChange={(e) => {
              const role = PlatformRole.safeParse(e.target.value);
              if (role.success) setForm({ ...form, role: role.data });
            }}
            aria-label="Role of the token"
          >
            <option value="viewer">token role: viewer</option>
            <option value="operator">token role: operator</option>
            <option value="super_admin">token role: super_admin</option>
          </select>
          <label className="checkbox">
            <input type="checkbox" checked={form.production} onChange={(e) => setForm({ ...form, production: e.target.checked })} /> production
          </label>
          <button className="button" type="submit" disabled={st.busy || !form.name.trim() || !form.environmentName.trim()}>
            {st.busy ? 'Saving…' : 'Save profile'}
          </button>
          {existing && (
            <button className="button button-secondary" type="button" onClick={() => setForm(EMPTY_FORM)}>
              New profile instead
            </button>
          )}
        </form>
      )}
    </section>
  );
}
