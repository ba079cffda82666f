export type DatabaseTarget =
  | { kind: "postgresql"; url: string }
  /** `dataDir` undefined keeps the database in memory. */
  | { kind: "pglite"; dataDir: string | undefined };

/** Where the data lives, for messages: never prints credentials. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.kind === "pglite") return target.dataDir ? `embedded PGlite in ${target.dataDir}` : "in-memory PGlite";
  const url = new URL(target.url);
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
