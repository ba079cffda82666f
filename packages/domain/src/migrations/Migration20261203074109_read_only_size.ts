import { Migration } from '@mikro-orm/migrations';

export class Migration20261203074109_read_only_size extends Migration {

  override name = 'Migration20261203074109_read_only_size';

  override up(): void | Promise<void> {
    this.addSql(`alter table "storage_warnings" add "read_only_size_bytes" bigint null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "storage_warnings" drop column "read_only_size_bytes";`);
  }

}
