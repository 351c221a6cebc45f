import { useEffect, useMemo, useState } from 'react';
import type { LeverExecution } from '../../../../shared/levers.ts';
import { api } from '../../api.ts';
import { useApp } from '../app/store.ts';
import { leverEffects, type LeverEffect } from './verdict.ts';

/**
 * The levers pulled now that change what the rails show, from the top bar's lever read (the
 * same read, not another poll) and this console's executions for when and why.
 */
export function useLeverEffects(): LeverEffect[] {
  const read = useApp((s) => s.leverState);
  const [executions, setExecutions] = useState<LeverExecution[]>([]);
  const targets = read.status === 'read' && Array.isArray(read.snapshot.targets) ? read.snapshot.targets : [];
  const pulledKey = targets
    .filter((t) => t.engaged === true)
    .map((t) => `${t.lever}:${t.target}`)
    .join(',');
  useEffect(() => {
    if (!pulledKey) return;
    let live = true;
    void api['levers.executions']({ limit: 100 }).then((r) => {
      if (live && r.ok) setExecutions(r.value);
    });
    return () => {
      live = false;
    };
  }, [pulledKey]);
  return useMemo(() => leverEffects(targets, executions), [pulledKey, executions]); // eslint-disable-line react-hooks/exhaustive-deps
}
