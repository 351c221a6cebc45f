import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/connection.ts';

export interface RunbookFolder {
  location: string;
  addedAt: string;
}

/**
 * The runbook folders the user added (Settings, --runbooks): configuration, kept with the
 * records in switchyard.db, so a rebuild of the runbook cache knows what to import again.
 */
export class RunbookFolderRepository {
  private readonly st: Record<'list' | 'add' | 'remove', Statement>;

  constructor(db: Db) {
    this.st = {
      list: db.prepare('SELECT location, added_at FROM runbook_folders ORDER BY id'),
      add: db.prepare('INSERT INTO runbook_folders (location, added_at) VALUES (?, ?) ON CONFLICT (location) DO NOTHING'),
      remove: db.prepare('DELETE FROM runbook_folders WHERE location = ?'),
    };
  }

  list(): RunbookFolder[] {
    return (this.st.list.all() as { location: string; added_at: string }[]).map((r) => ({ location: r.location, addedAt: r.added_at }));
  }

  add(location: string, now: string): void {
    this.st.add.run(location, now);
  }

  remove(location: string): boolean {
    return this.st.remove.run(location).changes > 0;
  }
}
