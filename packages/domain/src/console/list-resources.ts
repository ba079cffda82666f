import { type EntityManager, type FilterQuery, raw } from "@mikro-orm/core";
import type { ResourceListInput, ResourcePage } from "@addon-kit/contracts";
import { InvalidCursor } from "../errors.ts";
import { Attachment } from "../resources/attachment.entity.ts";
import { Resource } from "../resources/resource.entity.ts";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** Where the next page starts: the last row's creation time and id, opaque to clients. */
export function encodeCursor(resource: { createdAt: Date; id: string }): string {
  return Buffer.from(`${resource.createdAt.toISOString()}|${resource.id}`).toString("base64url");
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function decodeCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [createdAt = "", id] = Buffer.from(cursor, "base64url").toString().split("|");
  // Only what encodeCursor writes: a four-digit-year instant the database can compare.
  const date = isoInstant.test(createdAt) ? new Date(createdAt) : undefined;
  return id && uuidPattern.test(id) && date && !Number.isNaN(date.getTime()) ? { createdAt: date, id } : undefined;
}

/**
 * Resources newest first, filtered, one page at a time. Keyset pagination on (created_at, id)
 * with a row comparison the index answers directly, so page 1,000 costs what page 1 does.
 * Search matches a uuid (Heroku's or ours) exactly, or a prefix of the name or of an attached
 * app's name, each through its own index.
 */
export async function listResources(em: EntityManager, input: ResourceListInput): Promise<ResourcePage> {
  const where: FilterQuery<Resource>[] = [];
  if (input.state) where.push({ state: input.state });
  if (input.plan) where.push({ plan: input.plan });
  if (input.region) where.push({ region: input.region });
  const search = input.search?.trim();
  if (search) {
    if (uuidPattern.test(search)) {
      where.push({ $or: [{ herokuUuid: search.toLowerCase() }, { id: search.toLowerCase() }] });
    } else {
      const attached = await em.find(Attachment, { appName: { $like: likePrefix(search) } }, { fields: ["resource"], limit: 1000 });
      where.push({ $or: [{ name: { $like: likePrefix(search) } }, { id: { $in: attached.map((attachment) => attachment.resource.id) } }] });
    }
  }
  const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
  if (input.cursor && !cursor) throw new InvalidCursor();
  if (cursor) where.push({ [raw((alias) => `(${alias}.created_at, ${alias}.id) < (?, ?)`, [cursor.createdAt, cursor.id])]: [] });

  // Only the columns a row shows, and the plan's slug from the foreign key rather than a join:
  // hydrating whole rows (sealed config, options) was most of the cost of a page.
  const rows = await em.find(Resource, where.length ? { $and: where } : {}, {
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    limit: input.limit + 1,
    fields: ["id", "herokuUuid", "name", "plan", "region", "state", "createdAt"],
    disableIdentityMap: true,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((resource) => ({
      id: resource.id,
      herokuUuid: resource.herokuUuid,
      name: resource.name,
      plan: resource.plan.slug,
      region: resource.region,
      state: resource.state,
      createdAt: resource.createdAt.toISOString(),
    })),
    nextCursor: rows.length > input.limit && page.length > 0 ? encodeCursor(page[page.length - 1]!) : null,
  };
}
