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
  constructor(private readonly sql: SqlDatabase) {}

  /** The person with this user id, if any (service accounts and system actors are none). */
  async person(id: string | null): Promise<PersonView | undefined> {
    return id === null ? undefined : this.sql.get<PersonView>('SELECT id, name, email FROM users WHERE id = ?', [id]);
  }

  /** The name of the person with this user id; null for anyone else (service accounts, system actors, removed accounts). */
  async nameOf(id: string | null): Promise<string | null> {
    return (await this.person(id))?.name ?? null;
  }

  /**
   * The user ids of the people an approval gate names, in the same order: an e-mail address
   * (compared without case: emails are stored in lower case) becomes its account's id, an id stays
   * as it is. A name that is no account's e-mail or id is kept as written and matches nobody, so a
   * typo never lets anyone else decide. One query for all the addresses.
   */
  async approverIds(named: readonly string[]): Promise<string[]> {
    const emails = [...new Set(named.filter((name) => name.includes('@')).map((name) => name.toLowerCase()))];
    if (emails.length === 0) return [...named];
    const placeholders = emails.map(() => '?').join(', ');
    const accounts = await this.sql.all<{ id: string; email: string }>(`SELECT id, email FROM users WHERE email IN (${placeholders})`, emails);
    const idByEmail = new Map(accounts.map((account) => [account.email, account.id]));
    return named.map((name) => (name.includes('@') ? (idByEmail.get(name.toLowerCase()) ?? name) : name));
  }
}
