import { Migration } from "@mikro-orm/migrations";

export class Migration20261123065323_customer_sessions extends Migration {
  override name = "Migration20261123065323_customer_sessions";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "customer_sessions" ("id" uuid not null, "token_hash" varchar(255) not null, "resource_id" uuid not null, "heroku_user_id" varchar(255) null, "email" varchar(255) null, "user_verified" boolean not null, "app" varchar(255) null, "context_app" varchar(255) null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "absolute_expires_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "customer_sessions" add constraint "customer_sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "customer_sessions_resource_id_index" on "customer_sessions" ("resource_id");`);

    this.addSql(`create table "sso_token_uses" ("token_hash" varchar(255) not null, "used_at" timestamptz not null, primary key ("token_hash"));`);
    this.addSql(`create index "sso_token_uses_used_at_index" on "sso_token_uses" ("used_at");`);

    this.addSql(
      `alter table "customer_sessions" add constraint "customer_sessions_resource_id_foreign" foreign key ("resource_id") references "resources" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "customer_sessions" cascade;`);
    this.addSql(`drop table if exists "sso_token_uses" cascade;`);
  }
}
