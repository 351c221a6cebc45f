import { Command, defaultFilter } from 'cmdk';
import { useEffect, useMemo, useRef, useState } from 'react';
import { foldIncident } from '../../../shared/incidents/fold.ts';
import { validateSeverityPolicy, type SeverityPolicy } from '../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../shared/incidents/view.ts';
import type { LeverStateSnapshot } from '../../../shared/levers.ts';
import type { Result } from '../../../shared/result.ts';
import { api } from '../api.ts';
import { useApp } from '../features/app/store.ts';
import { useLevers } from '../features/levers/store.ts';
import { Modal } from './Modal.tsx';
import {
  DECLARE_COMMAND,
  incidentCommands,
  leverCommands,
  pageCommands,
  PALETTE_GROUPS,
  runbookCommands,
  type PaletteCommand,
} from './palette-commands.ts';
import { isPaletteKey } from './shortcuts.ts';
import './command-palette.css';

export interface CommandPaletteProps {
  /**
   * Declaring an incident: open the declare dialog. Without it, the palette goes to the
   * Incidents page, where "Declare incident" is the first button.
   */
  onDeclare?: () => void;
}

/**
 * The command palette: Ctrl+K (⌘K) from every page but the wall reaches every page, declares an
 * incident, opens an open incident (to acknowledge it), a runbook by name, or a lever's
 * confirmation. A real dialog (Modal): focus inside, Escape closes, focus goes back.
 */
export function CommandPalette({ onDeclare }: CommandPaletteProps) {
  const [open, setOpen] = useState(false);
  const onWall = useApp((s) => s.route.page === 'wall');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isPaletteKey(e) || useApp.getState().route.page === 'wall') return;
      // Another dialog is open (a lever's confirmation): the palette does not open over it.
      if (document.querySelector('[aria-modal="true"]:not(.palette-modal)')) return;
      e.preventDefault(); // the browser's own Ctrl+K (its search bar)
      setOpen((o) => !o);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  if (!open || onWall) return null;
  return <PaletteDialog onClose={() => setOpen(false)} onDeclare={onDeclare} />;
}

/**
 * A match on the label counts most ("Levers" the page, before a lever whose words mention the
 * Levers page); the other words (ids, tags, what it is) count half. The value (the id) is not read.
 */
function paletteFilter(_value: string, search: string, keywords: string[] = []): number {
  const [label = '', ...more] = keywords;
  return Math.max(defaultFilter(label, search), more.length ? defaultFilter(more.join(' '), search) / 2 : 0);
}

type Read<T> = { status: 'reading' } | { status: 'ok'; value: T } | { status: 'failed'; message: string };
const READING = { status: 'reading' } as const;

/** One read of the core for the palette; a transport that throws is a failed read, not a crash. */
function useRead<T>(request: () => Promise<Result<T>>): Read<T> {
  const [read, setRead] = useState<Read<T>>(READING);
  const ask = useRef(request);
  useEffect(() => {
    let live = true;
    const settle = (r: Read<T>) => live && setRead(r);
    try {
      ask.current().then(
        (r) => settle(r.ok ? { status: 'ok', value: r.value } : { status: 'failed', message: r.error.message }),
        (e: unknown) => settle({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
      );
    } catch (e) {
      settle({ status: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
    return () => {
      live = false;
    };
  }, []);
  return read;
}

function foldOpen(incidents: { events: Parameters<typeof foldIncident>[0] }[]): IncidentView[] {
  return incidents.flatMap((i) => {
    try {
      return i.events.length ? [foldIncident(i.events)] : [];
    } catch {
      return [];
    }
  });
}

function PaletteDialog({ onClose, onDeclare }: { onClose: () => void; onDeclare?: () => void }) {
  const navigate = useApp((s) => s.navigate);
  const role = useApp((s) => s.info?.role ?? null);
  const leverState = useApp((s) => s.leverState);
  const runbooks = useRead(() => api['runbooks.list']());
  const catalog = useRead(() => api['levers.catalog']());
  const open = useRead(() => api['incidents.open']());
  const policyRead = useRead(() => api['incidents.policy']());
  const [search, setSearch] = useState('');

  const policy: SeverityPolicy | null = useMemo(() => {
    if (policyRead.status !== 'ok') return null;
    const v = validateSeverityPolicy(policyRead.value.raw);
    return v.ok ? v.value : null;
  }, [policyRead]);
  // The lever state the top bar last read: enough to offer "Release" for a lever that is pulled.
  const snapshot: LeverStateSnapshot | null = leverState.status === 'read' ? leverState.snapshot : null;
  const readOnly = role === 'wall';

  const commands = useMemo(() => {
    const all: PaletteCommand[] = [...pageCommands()];
    if (!readOnly) all.push(DECLARE_COMMAND);
    if (open.status === 'ok') all.push(...incidentCommands(foldOpen(open.value.incidents), policy));
    if (catalog.status === 'ok' && !readOnly) all.push(...leverCommands(catalog.value, snapshot));
    if (runbooks.status === 'ok') all.push(...runbookCommands(runbooks.value));
    return all;
  }, [readOnly, open, policy, catalog, snapshot, runbooks]);

  const run = (c: PaletteCommand) => {
    onClose();
    const a = c.action;
    if (a.kind === 'go') navigate(a.route);
    else if (a.kind === 'declare') {
      if (onDeclare) onDeclare();
      else navigate({ page: 'incidents', incidentId: null });
    } else {
      navigate({ page: 'levers' });
      void useLevers.getState().open(a.lever, 'platform', a.action);
    }
  };

  const notes = [
    note('open incidents', open),
    note('runbooks', runbooks),
    ...(readOnly ? [] : [note('levers', catalog)]),
  ].filter((n): n is string => n !== null);

  return (
    <Modal title="Command palette" onClose={onClose} className="palette-modal">
      <Command label="Go to a page, runbook, lever or incident" loop vimBindings={false} filter={paletteFilter} className="palette">
        <Command.Input value={search} onValueChange={setSearch} placeholder="A page, runbook, lever or incident…" className="palette-input" />
        <Command.List label="Commands" className="palette-list">
          <Command.Empty className="palette-empty">Nothing matches “{search}”.</Command.Empty>
          {PALETTE_GROUPS.map((g) => {
            const items = commands.filter((c) => c.group === g);
            if (items.length === 0) return null;
            return (
              <Command.Group key={g} heading={g} className="palette-group">
                {items.map((c) => (
                  <Command.Item key={c.id} value={c.id} keywords={[c.label, ...c.keywords]} onSelect={() => run(c)} className="palette-item">
                    <span className="palette-label">{c.label}</span>
                    {c.detail && <span className="palette-detail">{c.detail}</span>}
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command>
      {notes.length > 0 && (
        <p className="palette-notes muted small" role="status">
          {notes.join(' · ')}
        </p>
      )}
      <p className="palette-keys muted small">
        <kbd className="kbd">↑</kbd> <kbd className="kbd">↓</kbd> choose · <kbd className="kbd">Enter</kbd> go · <kbd className="kbd">Esc</kbd> close
      </p>
    </Modal>
  );
}

/** What the palette cannot list yet, or at all, in words: never a silently shorter list. */
function note(what: string, read: Read<unknown>): string | null {
  if (read.status === 'reading') return `reading ${what}…`;
  if (read.status === 'failed') return `✗ ${what} cannot be listed: ${read.message}`;
  return null;
}
