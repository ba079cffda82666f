import { Migration } from "@mikro-orm/migrations";

export class Migration20261123063418 extends Migration {
  override name = "Migration20261123063418";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "plans" ("slug" varchar(255) not null, "name" varchar(255) not null, "monthly_price_cents" int not null, "limits" jsonb not null, "provisioning" text not null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("slug"));`,
    );
    this.addSql(`alter table "plans" add constraint "plans_provisioning_check" check ("provisioning" in ('sync', 'async'));`);

    this.addSql(
      `create table "resources" ("id" uuid not null, "heroku_uuid" uuid not null, "name" varchar(255) not null, "plan_slug" varchar(255) not null, "region" varchar(255) not null, "options" jsonb not null, "state" text not null, "request_fingerprint" varchar(255) not null, "sealed_config" text null, "callback_url" text null, "sealed_log_input_url" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "provisioned_at" timestamptz null, "deprovisioned_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "resources" add constraint "resources_heroku_uuid_unique" unique ("heroku_uuid");`);
    this.addSql(`create index "resources_name_index" on "resources" ("name");`);
    this.addSql(`create index "resources_plan_slug_index" on "resources" ("plan_slug");`);
    this.addSql(`create index "resources_state_index" on "resources" ("state");`);
    this.addSql(`alter table "resources" add constraint "resources_state_check" check ("state" in ('provisioning', 'provisioned', 'deprovisioned'));`);

    this.addSql(
      `create table "attachments" ("id" uuid not null, "resource_id" uuid not null, "app_id" uuid not null, "app_name" varchar(255) not null, "name" varchar(255) not null, "attached_at" timestamptz not null, "detached_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "attachments_resource_id_index" on "attachments" ("resource_id");`);
    this.addSql(`create index "attachments_app_id_index" on "attachments" ("app_id");`);
    this.addSql(`create index "attachments_app_name_index" on "attachments" ("app_name");`);

    this.addSql(
      `create table "api_keys" ("id" uuid not null, "resource_id" uuid not null, "key_hash" varchar(255) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`create index "api_keys_resource_id_index" on "api_keys" ("resource_id");`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`);

    this.addSql(
      `create table "resource_events" ("id" bigserial primary key, "resource_id" uuid not null, "type" varchar(255) not null, "actor" varchar(255) not null, "message" text not null, "data" jsonb null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "resource_events_resource_id_created_at_index" on "resource_events" ("resource_id", "created_at");`);

    this.addSql(`alter table "resources" add constraint "resources_plan_slug_foreign" foreign key ("plan_slug") references "plans" ("slug");`);

    this.addSql(`alter table "attachments" add constraint "attachments_resource_id_foreign" foreign key ("resource_id") references "resources" ("id");`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_resource_id_foreign" foreign key ("resource_id") references "resources" ("id");`);

    this.addSql(
      `alter table "resource_events" add constraint "resource_events_resource_id_foreign" foreign key ("resource_id") references "resources" ("id");`,
    );
  }
}
