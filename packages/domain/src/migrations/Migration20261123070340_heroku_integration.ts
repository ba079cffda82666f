import { Migration } from "@mikro-orm/migrations";

export class Migration20261123070340_heroku_integration extends Migration {
  override name = "Migration20261123070340_heroku_integration";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "heroku_authorizations" ("resource_id" uuid not null, "sealed_grant_code" text null, "grant_expires_at" timestamptz null, "sealed_access_token" text null, "sealed_refresh_token" text null, "access_token_expires_at" timestamptz null, "exchanged_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("resource_id"));`,
    );

    this.addSql(
      `create table "webhook_events" ("id" varchar(255) not null, "resource_id" uuid not null, "action" varchar(255) not null, "received_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "webhook_events_resource_id_index" on "webhook_events" ("resource_id");`);

    this.addSql(`alter table "resources" drop constraint "resources_state_check";`);
    this.addSql(
      `alter table "resources" add "failure_reason" text null, add "config_pushed_at" timestamptz null, add "webhook_subscription_id" varchar(255) null, add "sealed_webhook_secret" text null, add "webhook_authorization_hash" varchar(255) null;`,
    );
    this.addSql(
      `alter table "resources" add constraint "resources_state_check" check ("state" in ('provisioning', 'provisioned', 'deprovisioned', 'failed'));`,
    );

    this.addSql(`alter table "api_keys" add "expires_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "heroku_authorizations" cascade;`);
    this.addSql(`drop table if exists "webhook_events" cascade;`);

    this.addSql(`alter table "api_keys" drop column "expires_at";`);

    this.addSql(`alter table "resources" drop constraint "resources_state_check";`);
    this.addSql(
      `alter table "resources" drop column "failure_reason", drop column "config_pushed_at", drop column "webhook_subscription_id", drop column "sealed_webhook_secret", drop column "webhook_authorization_hash";`,
    );
    this.addSql(`alter table "resources" add constraint "resources_state_check" check ("state" in ('provisioning', 'provisioned', 'deprovisioned'));`);
  }
}
