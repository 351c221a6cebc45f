import type { z } from 'zod';
import { displayName, type SeverityPolicy } from '../../../shared/incidents/policy.ts';
import type { IncidentView } from '../../../shared/incidents/view.ts';
import type { LeverCatalogEntry, LeverId, LeverStateSnapshot } from '../../../shared/levers.ts';
import type { RunbookSummary } from '../../../shared/runbooks.ts';
import type { Route } from '../features/app/store.ts';

/**
 * What the command palette offers, as data: every page, the actions (declare, acknowledge, pull
 * a lever), each open incident, runbook and lever by name. Pure: the palette reads the core and
 * runs what is chosen; this only says what there is to choose and what choosing it does.
 */

type CatalogEntry = z.infer<typeof LeverCatalogEntry>;

export type PaletteAction =
  | { kind: 'go'; route: Route }
  /** Declare an incident: the declare dialog (or the Incidents page, where it is one click away). */
  | { kind: 'declare' }
  /** A platform lever: the Levers page, with the lever's confirmation open (nothing is pulled yet). */
  | { kind: 'lever'; lever: LeverId; action: 'engage' | 'release' };

export type PaletteGroup = 'Go to' | 'Actions' | 'Open incidents' | 'Runbooks' | 'Levers';
export const PALETTE_GROUPS: readonly PaletteGroup[] = ['Go to', 'Actions', 'Open incidents', 'Levers', 'Runbooks'];

export interface PaletteCommand {
  /** Unique and stable ("page:levers", "runbook:rail-latency-spike"). */
  id: string;
  group: PaletteGroup;
  label: string;
  /** A second, quieter line: what it is or what happens next. */
  detail: string | null;
  /** The words a search matches, besides the label. */
  keywords: string[];
  action: PaletteAction;
}

/** Every page of the console, the wall included (the rotation: ROTATION_COMMANDS). */
export const PAGES: { label: string; route: Route; keywords: string[] }[] = [
  { label: 'Dashboard', route: { page: 'dashboard', view: 'overview' }, keywords: ['rails', 'metrics', 'p99', 'approval', 'home'] },
  { label: 'Incidents', route: { page: 'incidents', incidentId: null }, keywords: ['incident', 'sev', 'clocks'] },
  { label: 'Levers', route: { page: 'levers' }, keywords: ['lever', 'halt', 'freeze', 'contain', 'recovery'] },
  { label: 'Runbooks', route: { page: 'runbooks', runbookId: null }, keywords: ['runbook', 'search', 'docs'] },
  { label: 'Audit', route: { page: 'audit' }, keywords: ['audit log', 'chain', 'export'] },
  { label: 'Reports', route: { page: 'reports' }, keywords: ['mtta', 'mttr', 'report'] },
  { label: 'Settings', route: { page: 'settings' }, keywords: ['profiles', 'environment', 'thresholds', 'policy'] },
  { label: 'Wall', route: { page: 'wall' }, keywords: ['noc', 'full screen', 'display'] },
];

/** The rotation's own entries, by what the engineer wants rather than the page's name. */
export const ROTATION_COMMANDS: PaletteCommand[] = [
  {
    id: 'action:rotation',
    group: 'Actions',
    label: 'Open the rotation',
    detail: 'who is on call now and next, coverage gaps, overrides and swaps, iCal import',
    // Few words: the palette's match is fuzzy, and "declare" or "ack" must not land here.
    keywords: ['on call', 'oncall', 'schedule', 'override', 'swap', 'gaps'],
    action: { kind: 'go', route: { page: 'rotation', tab: 'schedule' } },
  },
  {
    id: 'action:handover',
    group: 'Actions',
    label: 'Draft a handover',
    detail: 'open incidents, levers, rails and the release window, each with its age; hand over and acknowledge',
    keywords: ['handover', 'shift', 'outgoing', 'incoming'],
    action: { kind: 'go', route: { page: 'rotation', tab: 'handover' } },
  },
];

export function pageCommands(): PaletteCommand[] {
  return [
    ...PAGES.map((p): PaletteCommand => ({ id: `page:${p.route.page}`, group: 'Go to', label: p.label, detail: null, keywords: p.keywords, action: { kind: 'go', route: p.route } })),
    ...ROTATION_COMMANDS,
  ];
}

export const DECLARE_COMMAND: PaletteCommand = {
  id: 'action:declare',
  group: 'Actions',
  label: 'Declare an incident…',
  detail: 'severity, title, rails: its clocks start when declared',
  keywords: ['new incident', 'sev', 'declare', 'page'],
  action: { kind: 'declare' },
};

/**
 * Open incidents, each once. Acknowledging needs the owner's name, so the honest action is to
 * open the incident, where Acknowledge asks for it.
 */
export function incidentCommands(views: readonly IncidentView[], policy: SeverityPolicy | null): PaletteCommand[] {
  return views.map((v) => {
    const sev = v.severity ? displayName(policy, v.severity) : 'no SEV';
    const route: Route = { page: 'incidents', incidentId: v.id };
    const unacknowledged = v.state === 'declared';
    return {
      id: `incident:${v.id}`,
      group: 'Open incidents',
      label: unacknowledged ? `Acknowledge ${v.id}: open it` : `Open ${v.id}`,
      detail: `${sev} · ${v.title}${v.owner ? ` · owner ${v.owner}` : ''}`,
      keywords: [v.id, v.title, sev, unacknowledged ? 'acknowledge ack' : 'incident', ...(v.owner ? [v.owner] : [])],
      action: { kind: 'go', route },
    };
  });
}

export function runbookCommands(list: readonly RunbookSummary[]): PaletteCommand[] {
  return list.map((r) => ({
    id: `runbook:${r.id}`,
    group: 'Runbooks',
    label: r.title,
    detail: [r.id, r.severityHint, ...r.tags].filter(Boolean).join(' · '),
    keywords: [r.id, ...r.tags, 'runbook'],
    action: { kind: 'go', route: { page: 'runbooks', runbookId: r.id } },
  }));
}

/**
 * Levers by name. A platform lever opens its confirmation on the Levers page (the same protocol:
 * plan, before → after, confirm); engaged by this read, the confirmation is for releasing it. A
 * brand or provider lever needs its target first: the Levers page, where every one is listed.
 */
export function leverCommands(catalog: readonly CatalogEntry[], state: LeverStateSnapshot | null): PaletteCommand[] {
  return catalog.map((l) => {
    if (l.scope !== 'platform')
      return {
        id: `lever:${l.id}`,
        group: 'Levers',
        label: `${l.title}: choose the ${l.scope} on Levers`,
        detail: l.summary,
        keywords: [l.id, 'lever', l.scope],
        action: { kind: 'go', route: { page: 'levers' } },
      };
    const engaged = state?.targets.find((t) => t.lever === l.id && t.target === 'platform')?.engaged === true;
    const action = engaged ? 'release' : 'engage';
    return {
      id: `lever:${l.id}`,
      group: 'Levers',
      label: `${engaged ? 'Release' : 'Pull'} ${l.title}…`,
      detail: `${l.summary} Opens its confirmation on Levers; nothing is pulled until you confirm.`,
      keywords: [l.id, 'lever', engaged ? 'release' : 'pull engage'],
      action: { kind: 'lever', lever: l.id, action },
    };
  });
}
