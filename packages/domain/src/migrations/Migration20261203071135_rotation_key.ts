import { Migration } from '@mikro-orm/migrations';

export class Migration20261203071135_rotation_key extends Migration {

  override name = 'Migration20261203071135_rotation_key';

  override up(): void | Promise<void> {
    this.addSql(`alter table "resources" add "pending_rotation_key" varchar(255) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "resources" drop column "pending_rotation_key";`);
  }

}
