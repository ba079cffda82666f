import { Migration } from "@mikro-orm/migrations";

export class Migration20261123075941_staff_console extends Migration {
  override name = "Migration20261123075941_staff_console";

  override up(): void | Promise<void> {
    this.addSql(
      `create table "audit_entries" ("id" bigserial primary key, "actor" varchar(255) not null, "action" varchar(255) not null, "target" varchar(255) null, "detail" jsonb null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "audit_entries_actor_index" on "audit_entries" ("actor");`);
    this.addSql(`create index "audit_entries_action_index" on "audit_entries" ("action");`);
    this.addSql(`create index "audit_entries_created_at_index" on "audit_entries" ("created_at");`);

    this.addSql(
      `create table "staff_members" ("id" uuid not null, "email" varchar(255) not null, "name" varchar(255) not null, "role" text not null, "password_hash" varchar(255) not null, "failed_sign_ins" int not null default 0, "locked_until" timestamptz null, "last_sign_in_at" timestamptz null, "disabled_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "staff_members" add constraint "staff_members_email_unique" unique ("email");`);

    this.addSql(
      `create table "staff_sessions" ("id" uuid not null, "token_hash" varchar(255) not null, "staff_id" uuid not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "absolute_expires_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "staff_sessions" add constraint "staff_sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "staff_sessions_staff_id_index" on "staff_sessions" ("staff_id");`);

    this.addSql(`create index "resources_created_at_id_index" on "resources" ("created_at", "id");`);
    this.addSql(`create index "resources_state_created_at_id_index" on "resources" ("state", "created_at", "id");`);
    this.addSql(`create index "resources_name_prefix_index" on "resources" ("name" text_pattern_ops);`);

    this.addSql(`create index "attachments_app_name_prefix_index" on "attachments" ("app_name" text_pattern_ops);`);

    this.addSql(`alter table "staff_members" add constraint "staff_members_role_check" check ("role" in ('viewer', 'operator', 'admin'));`);

    this.addSql(`alter table "staff_sessions" add constraint "staff_sessions_staff_id_foreign" foreign key ("staff_id") references "staff_members" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "staff_sessions" drop constraint "staff_sessions_staff_id_foreign";`);

    this.addSql(`drop table if exists "audit_entries" cascade;`);
    this.addSql(`drop table if exists "staff_members" cascade;`);
    this.addSql(`drop table if exists "staff_sessions" cascade;`);

    this.addSql(`drop index "attachments_app_name_prefix_index";`);

    this.addSql(`drop index "resources_created_at_id_index";`);
    this.addSql(`drop index "resources_state_created_at_id_index";`);
    this.addSql(`drop index "resources_name_prefix_index";`);
  }
}
