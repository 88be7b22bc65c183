/**
 * jest globalSetup: the store's suites and the e2e run on PostgreSQL too. Without it they would
 * fail by the dozen with bare ECONNREFUSED; instead one line says what is missing and how to start
 * it, and the run stops.
 */
import pg from "pg";

export default async function requirePostgres(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(url);
    process.stderr.write(
      `\nPostgreSQL at ${where.hostname}:${where.port || 5432} is missing (${error instanceof Error ? error.message : String(error)}): the tests need it. ` +
        `Start one with: docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust -e POSTGRES_DB=test postgres:16 (or set TEST_DATABASE_URL).\n`,
    );
    process.exit(1);
  } finally {
    await client.end().catch(() => {});
  }
}
