import { Migration } from "@mikro-orm/migrations";

export class Migration20261201223810_hardening_and_scale_out extends Migration {
  override name = "Migration20261201223810_hardening_and_scale_out";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "rate_limit_counters" ("key" varchar(255) not null, "count" int not null, "window_ends_at" timestamptz not null, primary key ("key"));`,
    );
    this.addSql(`create index "rate_limit_counters_window_ends_at_index" on "rate_limit_counters" ("window_ends_at");`);

    this.addSql(`alter table "audit_entries" alter column "actor" type text using ("actor"::text);`);
    this.addSql(`alter table "audit_entries" alter column "target" type text using ("target"::text);`);

    this.addSql(`alter table "resources" add "pending_rotation_grace_seconds" int null;`);

    this.addSql(`alter table "api_keys" add "superseded_at" timestamptz null;`);

    this.addSql(`alter table "resource_events" alter column "actor" type text using ("actor"::text);`);

    this.addSql(`alter table "sso_token_uses" add "shared" boolean not null default false;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rate_limit_counters" cascade;`);

    this.addSql(`alter table "api_keys" drop column "superseded_at";`);

    this.addSql(`alter table "audit_entries" alter column "actor" type varchar(255) using ("actor"::varchar(255));`);
    this.addSql(`alter table "audit_entries" alter column "target" type varchar(255) using ("target"::varchar(255));`);

    this.addSql(`alter table "resource_events" alter column "actor" type varchar(255) using ("actor"::varchar(255));`);

    this.addSql(`alter table "resources" drop column "pending_rotation_grace_seconds";`);

    this.addSql(`alter table "sso_token_uses" drop column "shared";`);
  }
}
