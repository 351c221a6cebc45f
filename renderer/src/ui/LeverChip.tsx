import { useEffect } from 'react';
import { api } from '../api.ts';
import { routeHash, useApp } from '../features/app/store.ts';
import { hasLeverPlatform, leverChipView, summarizeLevers } from './lever-summary.ts';

/** Modest: the core serves many windows from one platform read, and a change is pushed anyway. */
export const LEVER_POLL_MS = 15_000;

const MARK = { quiet: '', pulled: '▲ ', unknown: '? ' } as const;

/** The top bar's "levers: 2 pulled", linking to the Levers page; silent with no platform. */
export function LeverChip() {
  const env = useApp((s) => s.info?.environment ?? null);
  const read = useApp((s) => s.leverState);
  const platform = hasLeverPlatform(env);

  useEffect(() => {
    if (!platform) return;
    const refresh = () => void useApp.getState().readLeverState();
    refresh();
    const off = api.on('levers.changed', refresh);
    const poll = setInterval(refresh, LEVER_POLL_MS);
    return () => {
      off();
      clearInterval(poll);
    };
  }, [platform]);

  const summary = summarizeLevers(env, read);
  if (summary.kind === 'none') return null;
  const view = leverChipView(summary);
  return (
    <a href={routeHash({ page: 'levers' })} className={`lever-chip lever-chip-${view.tone}`} title={view.title} data-testid="lever-chip">
      {MARK[view.tone]}
      {view.text}
    </a>
  );
}
