import { Migration } from '@mikro-orm/migrations';

export class Migration20261203030527_tenant_databases extends Migration {

  override name = 'Migration20261203030527_tenant_databases';

  override up(): void | Promise<void> {
    this.addSql(`create table "storage_warnings" ("resource_id" uuid not null, "warned_at" timestamptz not null, "size_bytes" bigint not null, "quota_bytes" bigint not null, primary key ("resource_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "storage_warnings" cascade;`);
  }

}
