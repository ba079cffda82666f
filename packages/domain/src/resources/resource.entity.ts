import { randomUUID } from "node:crypto";
import { type InferEntity, defineEntity, p } from "@mikro-orm/core";
import { Plan } from "../plans/plan.entity.ts";
import { Attachment } from "./attachment.entity.ts";
import { ResourceEvent } from "./resource-event.entity.ts";
import { resourceStates } from "@addon-kit/contracts";

/** One installed add-on, keyed by Heroku's uuid; `id` is the provider id we answer with. */
export const Resource = defineEntity({
  name: "Resource",
  tableName: "resources",
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    herokuUuid: p.uuid().unique(),
    name: p.string().index(),
    plan: () => p.manyToOne(Plan).index(),
    region: p.string(),
    options: p.json<Record<string, unknown>>(),
    state: p.enum(resourceStates).index(),
    /** sha256 of plan, region and options of the first request: tells a replay from a conflict. */
    requestFingerprint: p.string(),
    /** Config vars as last given to Heroku, sealed with the encryption key; null once revoked. */
    sealedConfig: p.text().nullable(),
    callbackUrl: p.text().nullable(),
    sealedLogInputUrl: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    provisionedAt: p.datetime().nullable(),
    failureReason: p.text().nullable(),
    /** When Heroku last accepted this resource's config through the Platform API. */
    configPushedAt: p.datetime().nullable(),
    /**
     * Set by a rotation until Heroku has the new config: then the replaced credentials get this
     * many seconds more (the longest asked for, if several rotations waited for one push).
     */
    pendingRotationGraceSeconds: p.integer().nullable(),
    /**
     * With a remote provisioner, the idempotency key of the latest rotation recorded: the
     * credentials Heroku is given, which retiring the replaced ones must keep (a later rotation
     * may have reached the product and never been recorded).
     */
    pendingRotationKey: p.string().nullable(),
    /**
     * Moves on with each plan change and rotation: a remote provisioner's idempotency keys carry
     * it, and a change whose call raced another finds it moved and is not recorded.
     */
    revision: p.integer().default(0),
    webhookSubscriptionId: p.string().nullable(),
    sealedWebhookSecret: p.text().nullable(),
    webhookAuthorizationHash: p.string().nullable(),
    deprovisionedAt: p.datetime().nullable(),
    attachments: () => p.oneToMany(Attachment).mappedBy("resource"),
    events: () => p.oneToMany(ResourceEvent).mappedBy("resource"),
  },
  indexes: [
    // The console lists newest first with a keyset on (created_at, id), filtered or not.
    { properties: ["createdAt", "id"] },
    { properties: ["state", "createdAt", "id"] },
    // Its search matches name prefixes (`like 'abc%'`), which only a pattern-ops btree serves.
    { name: "resources_name_prefix_index", expression: 'create index "resources_name_prefix_index" on "resources" ("name" text_pattern_ops)' },
  ],
});
export type Resource = InferEntity<typeof Resource>;
