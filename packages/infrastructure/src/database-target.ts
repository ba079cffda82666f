/**
 * TLS to PostgreSQL: `no-verify` encrypts without checking the server's certificate, as Heroku
 * Postgres needs (its certificates are not signed by a public authority); `verify` checks it.
 */
export type DatabaseSsl = "off" | "no-verify" | "verify";

export type DatabaseTarget =
  /** `poolMax`: connections the ORM may open (pg-boss opens about half as many more). */
  | { kind: "postgresql"; url: string; ssl?: DatabaseSsl; poolMax?: number }
  /** `dataDir` undefined keeps the database in memory. */
  | { kind: "pglite"; dataDir: string | undefined };

/** The `ssl` option of a `pg` pool (MikroORM's and pg-boss's) for `ssl`. */
export function pgSslOptions(ssl: DatabaseSsl | undefined): false | { rejectUnauthorized: boolean } {
  return !ssl || ssl === "off" ? false : { rejectUnauthorized: ssl === "verify" };
}

/** Where the data lives, for messages: never prints credentials. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.kind === "pglite") return target.dataDir ? `embedded PGlite in ${target.dataDir}` : "in-memory PGlite";
  const url = new URL(target.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
