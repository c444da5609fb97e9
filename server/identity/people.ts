import type Database from 'better-sqlite3';

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
  private readonly byId: Database.Statement;
  private readonly idByEmail: Database.Statement;

  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT id, name, email FROM users WHERE id = ?');
    this.idByEmail = db.prepare('SELECT id FROM users WHERE email = ?').pluck();
  }

  /** The person with this user id, if any (service accounts and system actors are none). */
  person(id: string | null): PersonView | undefined {
    return id === null ? undefined : (this.byId.get(id) as PersonView | undefined);
  }

  /** The name of the person with this user id; null for anyone else (service accounts, system actors, removed accounts). */
  nameOf(id: string | null): string | null {
    return this.person(id)?.name ?? null;
  }

  /**
   * The user ids of the people an approval gate names: an e-mail address (compared without case)
   * becomes its account's id, an id stays as it is. A name that is no account's e-mail or id is
   * kept as written and matches nobody, so a typo never lets anyone else decide.
   */
  approverIds(named: readonly string[]): string[] {
    return named.map((name) => {
      if (!name.includes('@')) return name;
      return (this.idByEmail.get(name) as string | undefined) ?? name;
    });
  }
}
