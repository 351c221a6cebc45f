import { z } from 'zod';
import { resultSchema, type Result } from './result.ts';
import { AppInfo, ProfileEdit, ProfileList, type ConsoleRole } from './environment.ts';
import { AuditFilter, AuditRecord, AuditVerification } from './audit.ts';
import { Dashboard, Detail, DetailArgs, Thresholds } from './metrics.ts';
import { WallConfig } from './wall.ts';
import {
  ExecuteArgs,
  LeverCatalogEntry,
  LeverExecution,
  LeverPlan,
  LeverStateSnapshot,
  PlanArgs,
  RecoveryArgs,
  RecoveryPlan,
} from './levers.ts';
import {
  ImportReport,
  RunbookDetail,
  RunbookFacets,
  RunbookDiff,
  RunbookSource,
  RunbookSummary,
  RunbookVersion,
  SearchArgs,
  SearchResult,
} from './runbooks.ts';
import { Checklist, ChecklistArgs, TickArgs } from './checklists.ts';
import { ConflictArgs, SyncStatus } from './incidents/sync.ts';
import {
  AcknowledgeHandoverArgs,
  ApplyImportArgs,
  CalendarInfo,
  DraftArgs,
  HandOverArgs,
  Handover,
  HandoverDraft,
  ImportPlanInfo,
  PlanImportArgs,
  SaveScheduleArgs,
  ScheduleInfo,
  ScheduleVersions,
} from './rotation/api.ts';
import {
  ChoosePolicyArgs,
  DeclareArgs,
  IncidentEvents,
  IncidentHead,
  IncidentIdArgs,
  ListArgs as IncidentListArgs,
  OpenIncidents,
  PolicyInfo,
  RecordArgs,
  Report,
  ReportArgs,
  StoredSeries,
} from './incidents/api.ts';

/**
 * The ConsoleApi contract: the one place that says what the renderer may ask of the core.
 * Both transports (Electron IPC and `serve` over HTTP) mount exactly these entries, and
 * validate arguments with these schemas. `access: 'write'` methods are unreachable for a
 * read-only (wall) console.
 */
const method = <A extends z.ZodType, R extends z.ZodType>(access: 'read' | 'write', args: A, result: R) => ({
  access,
  args,
  result,
});

const NoArgs = z.object({}).strict().default({});
const RunbookId = z.string().min(1).max(100);

export const contract = {
  'app.info': method('read', NoArgs, AppInfo),

  'runbooks.search': method('read', SearchArgs, SearchResult),
  'runbooks.list': method('read', NoArgs, z.array(RunbookSummary)),
  'runbooks.facets': method('read', NoArgs, RunbookFacets),
  'runbooks.get': method(
    'read',
    z.object({ id: RunbookId, version: z.number().int().positive().optional() }),
    RunbookDetail,
  ),
  'runbooks.history': method('read', z.object({ id: RunbookId }), z.array(RunbookVersion)),
  'runbooks.diff': method(
    'read',
    z.object({ id: RunbookId, from: z.number().int().positive(), to: z.number().int().positive() }),
    RunbookDiff,
  ),
  'runbooks.sources': method('read', NoArgs, z.array(RunbookSource)),
  'runbooks.lastReports': method('read', NoArgs, z.array(ImportReport)),
  'runbooks.addFolder': method('write', z.object({ dir: z.string().min(1).max(4096) }), ImportReport),
  'runbooks.removeFolder': method('write', z.object({ sourceId: z.number().int() }), z.object({ removed: z.boolean() })),
  'runbooks.resync': method('write', NoArgs, z.array(ImportReport)),

  // A runbook's task list: ticks with who and when, kept in the records database.
  'checklists.get': method('read', ChecklistArgs, Checklist),
  'checklists.tick': method('write', TickArgs, Checklist),
  'checklists.reset': method('write', ChecklistArgs, Checklist),

  // Incidents are events: the core validates and stores them, the renderer folds them (shared/incidents).
  'incidents.list': method('read', IncidentListArgs, z.array(IncidentHead)),
  'incidents.open': method('read', NoArgs, OpenIncidents),
  'incidents.get': method('read', IncidentIdArgs, IncidentEvents),
  'incidents.series': method('read', IncidentIdArgs, StoredSeries),
  'incidents.policy': method('read', NoArgs, PolicyInfo),
  'incidents.choosePolicy': method('write', ChoosePolicyArgs, PolicyInfo),
  'incidents.declare': method('write', DeclareArgs, IncidentEvents),
  'incidents.record': method('write', RecordArgs, IncidentEvents),
  'incidents.report': method('read', ReportArgs, Report),
  // Sync with the platform: what waits in the outbox, what the platform refused, when it was last reached.
  'incidents.syncStatus': method('read', NoArgs, SyncStatus),
  'incidents.syncNow': method('write', NoArgs, SyncStatus),
  'incidents.syncRetry': method('write', ConflictArgs, SyncStatus),
  'incidents.syncDiscard': method('write', ConflictArgs, SyncStatus),

  // The on-call rotation (a versioned schedule document) and handovers drafted from the console's state.
  'rotation.get': method('read', NoArgs, ScheduleInfo),
  'rotation.save': method('write', SaveScheduleArgs, ScheduleInfo),
  'rotation.versions': method('read', z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }), ScheduleVersions),
  // Reading a feed plans an import (kept for 30 min); applying it saves a new version.
  'rotation.planImport': method('write', PlanImportArgs, ImportPlanInfo),
  'rotation.applyImport': method('write', ApplyImportArgs, ScheduleInfo),
  'calendar.get': method('read', NoArgs, CalendarInfo),
  'handover.draft': method('read', DraftArgs, HandoverDraft),
  'handover.handOver': method('write', HandOverArgs, Handover),
  'handover.acknowledge': method('write', AcknowledgeHandoverArgs, Handover),
  'handover.list': method('read', z.object({ limit: z.number().int().min(1).max(200).default(20) }).default({ limit: 20 }), z.array(Handover)),

  'profiles.list': method('read', NoArgs, ProfileList),
  // The form's fields over the stored profile (a new one gets the defaults); the active one reopens with them.
  'profiles.save': method('write', ProfileEdit, ProfileList),
  'profiles.switch': method('write', z.object({ name: z.string().min(1).max(40) }), z.object({ switched: z.boolean() })),
  'profiles.setToken': method('write', z.object({ name: z.string().min(1).max(40), token: z.string().trim().min(8).max(4096) }), ProfileList),

  'levers.catalog': method('read', NoArgs, z.array(LeverCatalogEntry)),
  'levers.state': method('read', z.object({ fresh: z.boolean().default(false) }).default({ fresh: false }), LeverStateSnapshot),
  'levers.executions': method('read', z.object({ limit: z.number().int().min(1).max(200).default(50) }).default({ limit: 50 }), z.array(LeverExecution)),
  // Planning reads the platform and reserves a one-time confirmation: it is part of acting.
  'levers.plan': method('write', PlanArgs, LeverPlan),
  'levers.execute': method('write', ExecuteArgs, LeverExecution),
  'levers.reverify': method('write', z.object({ executionId: z.string().min(1).max(100) }), LeverExecution),
  'levers.recoveryPlan': method('read', NoArgs, RecoveryPlan),
  'levers.recover': method('write', RecoveryArgs, z.object({ executions: z.array(LeverExecution), stopped: z.string().nullable() })),

  'audit.list': method('read', AuditFilter, z.array(AuditRecord)),
  'audit.verify': method('read', NoArgs, AuditVerification),
  'audit.export': method(
    'read',
    z.object({ format: z.enum(['jsonl', 'csv']) }),
    z.object({ filename: z.string(), mimeType: z.string(), content: z.string(), records: z.number().int(), verification: AuditVerification }),
  ),

  'metrics.dashboard': method('read', NoArgs, Dashboard),
  'metrics.detail': method('read', DetailArgs, Detail),
  'metrics.thresholds': method('read', NoArgs, Thresholds),
  'metrics.setThresholds': method('write', Thresholds, Thresholds),
  'wall.config': method('read', NoArgs, WallConfig),
  'wall.setConfig': method('write', WallConfig, WallConfig),
} as const;

/** Events the core pushes to every attached window or browser. */
export const events = {
  'runbooks.changed': z.object({ sourceId: z.number().int(), imported: z.number().int() }),
  'checklists.changed': z.object({ runbookId: z.string(), incidentId: z.string().nullable() }),
  'levers.changed': z.object({ at: z.string() }),
  'incidents.changed': z.object({ incidentId: z.string() }),
  /** The outbox or the platform's reachability changed: clients fetch incidents.syncStatus. */
  'incidents.sync': z.object({ waiting: z.number().int(), conflicts: z.number().int() }),
  'audit.appended': z.object({ seq: z.number().int() }),
  /** The rotation was saved or a handover was given or acknowledged. */
  'rotation.changed': z.object({ at: z.string() }),
  /** The active profile changed: every view reloads what it shows. */
  'app.changed': z.object({ profile: z.string() }),
  /** New metrics were polled: clients holding an older Dashboard.version fetch it again. */
  'metrics.tick': z.object({ version: z.number().int(), generatedAt: z.number() }),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type EventName = keyof typeof events;
export type ArgsOf<M extends MethodName> = z.input<Contract[M]['args']>;
export type ParsedArgsOf<M extends MethodName> = z.output<Contract[M]['args']>;
export type ValueOf<M extends MethodName> = z.output<Contract[M]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(contract) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** What the renderer holds: one async function per contract entry, plus event subscription. */
export type ConsoleApi = {
  [M in MethodName]: (args?: ArgsOf<M>) => Promise<Result<ValueOf<M>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Who is calling: the transport it came by and the console's role (a wall only reads). */
export interface CallContext {
  transport: 'ipc' | 'http';
  role: ConsoleRole;
}

/** What the core implements, the one handler type: arguments arrive already validated. */
export type ConsoleHandlers = {
  [M in MethodName]: (args: ParsedArgsOf<M>, ctx: CallContext) => Promise<Result<ValueOf<M>>> | Result<ValueOf<M>>;
};

/** One domain's slice of the contract (`levers.*`, …), implemented in that domain's handlers module. */
export type HandlerSlice<Domain extends string> = Pick<ConsoleHandlers, Extract<MethodName, `${Domain}.${string}`>>;

export const resultSchemas: Record<MethodName, z.ZodType> = Object.fromEntries(
  methodNames.map((name): [MethodName, z.ZodType] => [name, resultSchema(contract[name].result as z.ZodType)]),
) as Record<MethodName, z.ZodType>;
