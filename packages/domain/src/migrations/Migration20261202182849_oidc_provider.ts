import { Migration } from "@mikro-orm/migrations";

export class Migration20261202182849_oidc_provider extends Migration {
  override name = "Migration20261202182849_oidc_provider";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "oidc_artifacts" ("model" varchar(255) not null, "id" varchar(255) not null, "payload" jsonb not null, "grant_id" varchar(255) null, "uid" varchar(255) null, "expires_at" timestamptz null, "consumed_at" timestamptz null, primary key ("model", "id"));`,
    );
    this.addSql(`create index "oidc_artifacts_grant_id_index" on "oidc_artifacts" ("grant_id");`);
    this.addSql(`create index "oidc_artifacts_uid_index" on "oidc_artifacts" ("uid");`);
    this.addSql(`create index "oidc_artifacts_expires_at_index" on "oidc_artifacts" ("expires_at");`);

    this.addSql(
      `create table "product_sign_ins" ("id" uuid not null, "token_hash" varchar(255) not null, "resource_id" uuid not null, "heroku_user_id" varchar(255) null, "email" varchar(255) null, "user_verified" boolean not null, "app" varchar(255) null, "deep_link" jsonb not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "grant_id" varchar(255) null, primary key ("id"));`,
    );
    this.addSql(`alter table "product_sign_ins" add constraint "product_sign_ins_token_hash_unique" unique ("token_hash");`);
    this.addSql(`alter table "product_sign_ins" add constraint "product_sign_ins_grant_id_unique" unique ("grant_id");`);
    this.addSql(`create index "product_sign_ins_resource_id_created_at_index" on "product_sign_ins" ("resource_id", "created_at");`);

    this.addSql(
      `create table "oidc_signing_keys" ("kid" varchar(255) not null, "sealed_private_jwk" text not null, "created_at" timestamptz not null, "activates_at" timestamptz not null, "retires_at" timestamptz null, primary key ("kid"));`,
    );

    this.addSql(
      `alter table "product_sign_ins" add constraint "product_sign_ins_resource_id_foreign" foreign key ("resource_id") references "resources" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "oidc_artifacts" cascade;`);
    this.addSql(`drop table if exists "product_sign_ins" cascade;`);
    this.addSql(`drop table if exists "oidc_signing_keys" cascade;`);
  }
}
