import { Migration } from "@mikro-orm/migrations";

export class Migration20261202010736_resource_foreign_keys extends Migration {
  override name = "Migration20261202010736_resource_foreign_keys";

  override up(): void | Promise<void> {
    // Rows of a resource that no longer exists would stop the constraint; none should be there.
    this.addSql(`delete from "heroku_authorizations" where "resource_id" not in (select "id" from "resources");`);
    this.addSql(`delete from "webhook_events" where "resource_id" not in (select "id" from "resources");`);
    this.addSql(
      `alter table "heroku_authorizations" add constraint "heroku_authorizations_resource_id_foreign" foreign key ("resource_id") references "resources" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "webhook_events" add constraint "webhook_events_resource_id_foreign" foreign key ("resource_id") references "resources" ("id") on delete cascade;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "heroku_authorizations" drop constraint "heroku_authorizations_resource_id_foreign";`);

    this.addSql(`alter table "webhook_events" drop constraint "webhook_events_resource_id_foreign";`);
  }
}
