import type { HandlerSlice } from '../../../shared/api.ts';
import { ok } from '../../../shared/result.ts';
import type { RunbookService } from './service.ts';

/** The `runbooks.*` slice of the contract. */
export function runbookHandlers(runbooks: RunbookService): HandlerSlice<'runbooks'> {
  return {
    'runbooks.search': (args) => ok(runbooks.search(args)),
    'runbooks.list': () => ok(runbooks.list()),
    'runbooks.facets': () => ok(runbooks.facets()),
    'runbooks.get': (args) => runbooks.get(args.id, args.version),
    'runbooks.history': (args) => ok(runbooks.history(args.id)),
    'runbooks.diff': (args) => runbooks.diff(args.id, args.from, args.to),
    'runbooks.sources': () => ok(runbooks.sources()),
    'runbooks.lastReports': () => ok(runbooks.reports()),
    'runbooks.addFolder': (args) => runbooks.addFolder(args.dir),
    'runbooks.removeFolder': (args) => runbooks.removeFolder(args.sourceId),
    'runbooks.resync': () => ok(runbooks.resync()),
  };
}
