import type Database from 'better-sqlite3';
import type { SqlDatabase } from '../../runtime/store/index.js';

/** A person as answers show them next to an id: ids identify, names and e-mails are only shown. */
export interface PersonView {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

/**
 * People by user id. Everything that identifies a person (run initiators, approvers, decisions,
 * versions, the audit log) holds their user id; e-mail addresses are looked up only to show them
 * and, once, to turn the approvers a workflow author typed into ids.
 */
export class PeopleDirectory {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly db: Database.Database,
  ) {}

  /** The person with this user id, if any (service accounts and system actors are none). */
  async person(id: string | null): Promise<PersonView | undefined> {
    return id === null ? undefined : this.sql.get<PersonView>('SELECT id, name, email FROM users WHERE id = ?', [id]);
  }

  /** The name of the person with this user id; null for anyone else (service accounts, system actors, removed accounts). */
  async nameOf(id: string | null): Promise<string | null> {
    return (await this.person(id))?.name ?? null;
  }

  /**
   * The user ids of the people an approval gate names: an e-mail address (compared without case:
   * emails are stored in lower case) becomes its account's id, an id stays as it is. A name that is
   * no account's e-mail or id is kept as written and matches nobody, so a typo never lets anyone
   * else decide. Synchronous, on better-sqlite3, because the engine resolves approvers while it
   * opens a task (`EngineOptions.resolveApprovers` is synchronous).
   */
  approverIds(named: readonly string[]): string[] {
    const idByEmail = this.db.prepare('SELECT id FROM users WHERE email = ?').pluck();
    return named.map((name) => {
      if (!name.includes('@')) return name;
      return (idByEmail.get(name.toLowerCase()) as string | undefined) ?? name;
    });
  }
}
