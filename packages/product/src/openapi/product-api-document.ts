import {
  changePlanAnswerSchema,
  changePlanRequestSchema,
  createTenantAnswerSchema,
  createTenantRequestSchema,
  productEventSchemas,
  productRefusalSchema,
  retireCredentialsRequestSchema,
  rotateCredentialsAnswerSchema,
  rotateCredentialsRequestSchema,
} from "@addon-kit/contracts";
import { z } from "zod";
import { type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, createDocument } from "zod-openapi";

const signatureHeaders = z.object({
  "webhook-id": z.string().meta({
    description:
      "Standard Webhooks message id. For a provisioning call it is the step's idempotency key (`<heroku uuid>:<step>`): a call with a key you answered with success before must get that same answer. For an event it is the event's id, the same on every delivery.",
    examples: ["01234567-89ab-cdef-0123-456789abcdef:provision"],
  }),
  "webhook-timestamp": z
    .string()
    .meta({ description: "Unix seconds when this request was signed. Refuse one more than 5 minutes from your clock.", examples: ["1764691200"] }),
  "webhook-signature": z.string().meta({
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the shared secret (`PRODUCT_SIGNING_SECRET`, `whsec_` + base64 key); several space-separated while secrets rotate. Verify it on the raw body with a Standard Webhooks library before anything else.',
  }),
});
const herokuUuidPath = z.object({ heroku_uuid: z.guid().meta({ description: "Heroku's id for the add-on." }) });

const json = <Schema extends z.ZodType>(schema: Schema) => ({ content: { "application/json": { schema } } });
const refused = {
  description:
    "Refused, for a reason the customer can act on (422 is the usual status; any 4xx but those listed under `default` counts). `message` is shown to them as it is. Refusals are not remembered: the same key may come again.",
  ...json(productRefusalSchema),
};
const retried = {
  description:
    "Anything else means the product could not do it now: a 5xx; 408, 409 (the first call with this key is still running), 425 or 429; 401, 403, 404, 405, 413 or 415 (the request never reached your decision: a secret or URL that does not match); a redirect (never followed); a body that does not match; no answer within the timeout. addon-kit tries again with backoff, with the same `webhook-id`, and never shows the customer your error.",
};

function step(operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return { ...operation, tags: ["Provisioning"], requestParams: { ...operation.requestParams, header: signatureHeaders } };
}

const paths: ZodOpenApiPathsObject = {
  "/tenants": {
    post: step({
      operationId: "createTenant",
      summary: "Create the tenant for a new add-on",
      description:
        "Heroku is provisioning the add-on. Create the tenant and answer its config vars. Heroku retries, so create at most one tenant per `heroku_uuid`: a repeated or concurrent call with the same `webhook-id` must answer the same config (answer 409 while the first is still running). If no answer comes within a few seconds, addon-kit tells Heroku the add-on is being provisioned and calls again from the background.",
      requestBody: json(createTenantRequestSchema),
      responses: { "200": { description: "The tenant exists (201 too).", ...json(createTenantAnswerSchema) }, "4XX": refused, default: retried },
    }),
  },
  "/tenants/{heroku_uuid}/plan": {
    put: step({
      operationId: "changePlan",
      summary: "Move the tenant to another plan",
      description: "Apply the new plan's limits, or refuse (a downgrade below current usage, say) with a message for the customer.",
      requestParams: { path: herokuUuidPath },
      requestBody: json(changePlanRequestSchema),
      responses: { "200": { description: "The tenant is on the new plan.", ...json(changePlanAnswerSchema) }, "4XX": refused, default: retried },
    }),
  },
  "/tenants/{heroku_uuid}/credentials": {
    post: step({
      operationId: "rotateCredentials",
      summary: "Issue new credentials",
      description:
        "Staff asked for new credentials. Issue them and answer the config vars that hold them. The old ones must keep working until `retireCredentials` says when they end.",
      requestParams: { path: herokuUuidPath },
      requestBody: json(rotateCredentialsRequestSchema),
      responses: { "200": { description: "New credentials issued.", ...json(rotateCredentialsAnswerSchema) }, "4XX": refused, default: retried },
    }),
  },
  "/tenants/{heroku_uuid}/credentials/retire": {
    post: step({
      operationId: "retireCredentials",
      summary: "End the replaced credentials",
      description: "Heroku has the new config vars: every credential replaced by a rotation so far must stop working at `retire_at`.",
      requestParams: { path: herokuUuidPath },
      requestBody: json(retireCredentialsRequestSchema),
      responses: { "204": { description: "Scheduled." }, "200": { description: "Scheduled." }, default: retried },
    }),
  },
  "/tenants/{heroku_uuid}": {
    delete: step({
      operationId: "deleteTenant",
      summary: "Delete the tenant",
      description:
        "The customer removed the add-on; Heroku has already been answered. Revoke its credentials. addon-kit calls until it gets a 2xx, 404 or 410, so a tenant already gone is fine.",
      requestParams: { path: herokuUuidPath },
      responses: {
        "204": { description: "Deleted." },
        "404": { description: "Already gone." },
        "410": { description: "Already gone." },
        "4XX": { description: "Refused: recorded on the add-on's timeline, and not asked again.", ...json(productRefusalSchema) },
        default: retried,
      },
    }),
  },
};

const webhooks: ZodOpenApiPathsObject = Object.fromEntries(
  productEventSchemas.map((schema) => {
    const type = schema.shape.type.value;
    return [
      type,
      {
        post: {
          operationId: `on_${type.replace(/\W/g, "_")}`,
          tags: ["Events"],
          summary: type,
          description: `${schema.description ?? ""} Delivered to \`PRODUCT_EVENTS_URL\` at least once, in order for each resource; deduplicate by \`webhook-id\`.`,
          requestParams: { header: signatureHeaders },
          requestBody: json(schema),
          responses: {
            "2XX": { description: "Received." },
            "4XX": {
              description:
                "Refused for good (422, say): addon-kit records the delivery as failed and does not try it again. 401, 403, 404, 405, 408, 409, 413, 415, 425 and 429 are retried instead.",
              ...json(productRefusalSchema),
            },
            default: { description: "Anything else: delivered again with backoff; later events of the resource wait for it." },
          },
        },
      },
    ];
  }),
);

/** The document as committed, for vendors' tools and for addon-kit to serve (a test keeps it equal to what the schemas generate). */
export const committedDocumentPath = new URL("../../openapi/product-api.json", import.meta.url);

/**
 * The contract a vendor's product implements, as OpenAPI 3.1, generated from the zod schemas in
 * `@addon-kit/contracts` (never written by hand): provisioning calls under `paths`, lifecycle
 * events under `webhooks`.
 */
export function productApiDocument() {
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "addon-kit product API",
      version: "1.0.0",
      description:
        "What addon-kit calls on a vendor's product to sell it as a Heroku add-on. Every request is signed with Standard Webhooks (https://www.standardwebhooks.com); verify the signature before anything else. Paths are relative to `PRODUCT_API_URL`; events go to `PRODUCT_EVENTS_URL`.",
    },
    servers: [{ url: "https://product.example.com/addon-kit", description: "PRODUCT_API_URL" }],
    tags: [
      { name: "Provisioning", description: "Calls addon-kit makes when Heroku provisions, re-plans or deprovisions, and when staff rotate credentials." },
      { name: "Events", description: "Signed lifecycle events." },
    ],
    paths,
    webhooks,
  });
}
