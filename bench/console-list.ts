/**
 * The console's resources list on 1,000,000 resources (with events and attachments) in
 * PostgreSQL: the first page, a deep page, filtered and searched pages, each through the
 * domain's `listResources` (the query the tRPC procedure runs), beside two baselines in the
 * same run: the same keyset query written by hand with `pg` (the floor), and the same deep
 * page fetched with OFFSET (what keyset pagination avoids).
 *
 *   npm run bench:console                              # 1,000,000 resources
 *   BENCH_RESOURCES=20000 BENCH_DATABASE_URL=postgres://... npm run bench:console
 */
import pg from "pg";
import type { MikroORM } from "@mikro-orm/core";
import { encodeCursor, listResources, schema, syncPlanCatalog } from "@addon-kit/domain";
import { openDatabase } from "@addon-kit/infrastructure";
import { type LoadResult, runLoad } from "./load.ts";
import { withScratchDatabase } from "./scratch-database.ts";

const resources = Number(process.env.BENCH_RESOURCES ?? 1_000_000);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);
const pageSize = 25;

/** Resources spread over the past, a tenth deprovisioned, each with an event and an attachment. */
async function seed(pool: pg.Pool): Promise<void> {
  await pool.query(
    `insert into resources (id, heroku_uuid, name, plan_slug, region, options, state, request_fingerprint, created_at, updated_at, provisioned_at)
     select gen_random_uuid(), gen_random_uuid(), 'acme-' || lpad(i::text, 6, '0'), (array['test', 'basic', 'premium'])[1 + i % 3],
            (array['us', 'eu'])[1 + i % 2], '{}', case when i % 10 = 0 then 'deprovisioned' else 'provisioned' end, md5(i::text),
            now() - (i * interval '17 seconds'), now(), now() - (i * interval '17 seconds')
     from generate_series(1, $1::int) as i`,
    [resources],
  );
  await pool.query(
    `insert into resource_events (resource_id, type, actor, message, created_at)
     select id, 'provisioned', 'heroku', 'Provisioned on plan ' || plan_slug, created_at from resources
     union all
     select id, 'attached', 'heroku', 'Attached', created_at + interval '1 minute' from resources`,
  );
  await pool.query(
    `insert into attachments (id, resource_id, app_id, app_name, name, attached_at)
     select gen_random_uuid(), id, gen_random_uuid(), 'shop-' || substr(name, 6), 'EXAMPLE', created_at from resources`,
  );
  await pool.query("analyze");
}

async function measure(operation: () => Promise<unknown>): Promise<LoadResult> {
  await runLoad(Math.min(20, iterations), 1, async () => void (await operation()));
  return runLoad(iterations, 1, async () => void (await operation()));
}

async function run(databaseUrl: string, database: string): Promise<void> {
  console.log(`Console list benchmark: ${resources.toLocaleString("en")} resources, ${iterations} queries per target, PostgreSQL database ${database}`);
  let orm: MikroORM | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    orm = await openDatabase({ kind: "postgresql", url: databaseUrl }, schema);
    await syncPlanCatalog(orm.em, [
      { slug: "test", name: "Test", monthlyPriceCents: 0, limits: {}, provisioning: "sync" },
      { slug: "basic", name: "Basic", monthlyPriceCents: 2900, limits: {}, provisioning: "sync" },
      { slug: "premium", name: "Premium", monthlyPriceCents: 9900, limits: {}, provisioning: "async" },
    ]);
    console.log("  seeding ...");
    const seedStarted = Date.now();
    await seed(pool);
    console.log(`  seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

    const depth = Math.floor(resources / 2);
    const { rows } = await pool.query<{ created_at: Date; id: string }>(
      "select created_at, id from resources order by created_at desc, id desc offset $1 limit 1",
      [depth],
    );
    const deep = rows[0]!;
    const cursor = encodeCursor({ createdAt: deep.created_at, id: deep.id });
    const em = () => orm!.em.fork();
    const targets: [string, () => Promise<unknown>][] = [
      ["listResources: first page", () => listResources(em(), { limit: pageSize })],
      [`listResources: page at row ${depth.toLocaleString("en")}`, () => listResources(em(), { limit: pageSize, cursor })],
      ["listResources: state + plan, deep page", () => listResources(em(), { limit: pageSize, state: "provisioned", plan: "basic", cursor })],
      ["listResources: search by name prefix", () => listResources(em(), { limit: pageSize, search: `acme-0${String(depth).slice(0, 3)}` })],
      ["listResources: search by app name", () => listResources(em(), { limit: pageSize, search: `shop-${String(depth).padStart(6, "0")}` })],
      ["listResources: search by uuid", () => listResources(em(), { limit: pageSize, search: deep.id })],
      [
        "baseline: hand-written keyset, pg",
        () =>
          pool.query("select * from resources where (created_at, id) < ($1, $2) order by created_at desc, id desc limit $3", [
            deep.created_at,
            deep.id,
            pageSize + 1,
          ]),
      ],
      [
        "baseline: same deep page by OFFSET, pg",
        () => pool.query("select * from resources order by created_at desc, id desc offset $1 limit $2", [depth, pageSize + 1]),
      ],
    ];

    const results: [string, LoadResult][] = [];
    for (const [name, operation] of targets) {
      console.log(`  measuring ${name} ...`);
      results.push([name, await measure(operation)]);
    }
    const plan = await orm.em
      .getConnection()
      .execute("explain select * from resources where (created_at, id) < (?, ?) order by created_at desc, id desc limit 26", [deep.created_at, deep.id]);

    console.log("");
    const floor = results.find(([name]) => name.startsWith("baseline: hand-written"))!;
    console.log(`${"target".padEnd(44)}${"q/s".padStart(9)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"p99 ms".padStart(9)}${"vs keyset".padStart(11)}`);
    for (const [name, result] of results) {
      const ratio = `${(result.perSecond / floor[1].perSecond).toFixed(2)}x`;
      console.log(
        `${name.padEnd(44)}${result.perSecond.toFixed(0).padStart(9)}${result.p50.toFixed(2).padStart(9)}${result.p95.toFixed(2).padStart(9)}${result.p99.toFixed(2).padStart(9)}${ratio.padStart(11)}`,
      );
    }
    console.log("targets: every listResources row p95 under 20 ms and at least 0.5x the hand-written keyset's throughput");
    const [first, deepPage] = results;
    const offset = results.find(([name]) => name.startsWith("baseline: same deep page by OFFSET"))!;
    console.log("");
    console.log(`deep page vs first page: ${(deepPage![1].p50 / first![1].p50).toFixed(2)}x p50`);
    console.log(`deep page vs hand-written keyset (pg): ${(deepPage![1].p50 / floor[1].p50).toFixed(2)}x p50`);
    console.log(`OFFSET deep page vs keyset deep page: ${(offset[1].p50 / deepPage![1].p50).toFixed(2)}x p50`);
    console.log("");
    console.log("plan of the deep page:");
    for (const row of plan as { "QUERY PLAN": string }[]) console.log(`  ${row["QUERY PLAN"]}`);
  } finally {
    await orm?.close();
    await pool.end();
  }
}

await withScratchDatabase(run);
