import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { redactDatabaseUrl } from '../../server/db/database-url.js';

const withDatabaseUrl = (value: string | undefined) => loadConfig([], value === undefined ? {} : { FLOWGATE_DATABASE_URL: value });

describe('FLOWGATE_DATABASE_URL', () => {
  it('is unset by default and when empty: the data stays in SQLite', () => {
    expect(withDatabaseUrl(undefined).databaseUrl).toBeUndefined();
    expect(withDatabaseUrl('').databaseUrl).toBeUndefined();
  });

  it.each(['postgres://flowgate:s3cret@db.example.com:5432/flowgate', 'postgresql://flowgate@127.0.0.1/flowgate?sslmode=require', 'postgres:///flowgate?host=/var/run/postgresql'])(
    'accepts the PostgreSQL URL %s as it is',
    (url) => {
      expect(withDatabaseUrl(url).databaseUrl).toBe(url);
    },
  );

  it('refuses another scheme, naming the setting and hiding the password', () => {
    const refusal = () => withDatabaseUrl('mysql://flowgate:s3cret@db.example.com/flowgate');
    expect(refusal).toThrow(ConfigError);
    expect(refusal).toThrow('FLOWGATE_DATABASE_URL must start with postgres:// or postgresql://, got mysql://flowgate:***@db.example.com/flowgate');
  });

  it('refuses a text that is not a URL without echoing it', () => {
    const refusal = () => withDatabaseUrl('s3cret-password');
    expect(refusal).toThrow(/^FLOWGATE_DATABASE_URL must be a PostgreSQL URL such as postgres:\/\/.*; what is set is not a URL$/);
    expect(refusal).not.toThrow(/s3cret/);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password of the user part and of a password parameter, and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://flowgate:s3cret@db.example.com:5432/flowgate')).toBe('postgres://flowgate:***@db.example.com:5432/flowgate');
    expect(redactDatabaseUrl('postgresql://flowgate:p%40ss%2Fword@db/flowgate?sslmode=require&password=other')).toBe(
      'postgresql://flowgate:***@db/flowgate?sslmode=require&password=***',
    );
    expect(redactDatabaseUrl('postgres://flowgate@db/flowgate')).toBe('postgres://flowgate@db/flowgate');
  });

  it('echoes nothing of a text that is not a URL', () => {
    expect(redactDatabaseUrl('s3cret-password')).toBe('(not a URL)');
  });
});
