import { Migration } from "@mikro-orm/migrations";

export class Migration20261202164239_product_connection extends Migration {
  override name = "Migration20261202164239_product_connection";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "circuit_breakers" ("name" varchar(255) not null, "consecutive_failures" int not null, "open_until" timestamptz null, "last_failure" text null, "last_failure_at" timestamptz null, primary key ("name"));`,
    );

    this.addSql(
      `create table "lifecycle_events" ("sequence" bigserial primary key, "id" uuid not null, "resource_id" uuid not null, "type" varchar(255) not null, "payload" jsonb not null, "status" text not null, "attempts" int not null default 0, "last_attempt_at" timestamptz null, "last_status" int null, "last_response_ms" int null, "last_error" text null, "delivered_at" timestamptz null, "created_at" timestamptz not null);`,
    );
    this.addSql(`alter table "lifecycle_events" add constraint "lifecycle_events_id_unique" unique ("id");`);
    this.addSql(`create index "lifecycle_events_resource_id_status_sequence_index" on "lifecycle_events" ("resource_id", "status", "sequence");`);
    this.addSql(`create index "lifecycle_events_status_sequence_index" on "lifecycle_events" ("status", "sequence");`);

    this.addSql(`alter table "resources" add "revision" int not null default 0;`);

    this.addSql(
      `alter table "lifecycle_events" add constraint "lifecycle_events_resource_id_foreign" foreign key ("resource_id") references "resources" ("id");`,
    );
    this.addSql(`alter table "lifecycle_events" add constraint "lifecycle_events_status_check" check ("status" in ('pending', 'delivered', 'failed'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "circuit_breakers" cascade;`);
    this.addSql(`drop table if exists "lifecycle_events" cascade;`);

    this.addSql(`alter table "resources" drop column "revision";`);
  }
}
