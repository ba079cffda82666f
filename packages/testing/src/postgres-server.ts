/** The PostgreSQL server tests run against, as its administrator: CI and this repository's machines have one here. */
export const postgresServerUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
