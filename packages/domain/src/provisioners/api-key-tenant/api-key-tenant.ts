import { randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/core";
import type { Provisioner } from "../provisioner.ts";
import type { Resource } from "../../resources/resource.entity.ts";
import { hashToken } from "../../token-hash.ts";
import { ApiKey } from "./api-key.entity.ts";

export interface ApiKeyTenantOptions {
  /** The manifest's config var prefix, e.g. `EXAMPLE_METRICS`. */
  configVarsPrefix: string;
  /** The product's API, given to the app as `<PREFIX>_URL`. */
  productUrl: string;
}

/** The longest a replaced key works, whether or not Heroku ever accepts the new one. */
export const supersededKeyLifetimeMs = 24 * 3_600_000;

/**
 * The pattern most SaaS add-ons use: each resource is a tenant of the product, reached at
 * one URL with its own random API key. The key is shown to Heroku once and stored as a hash,
 * so a database leak does not leak working keys.
 */
export function apiKeyTenantProvisioner(options: ApiKeyTenantOptions): Provisioner {
  const newKey = (em: EntityManager, resource: Resource) => {
    const key = `sk_${randomBytes(24).toString("base64url")}`;
    em.create(ApiKey, { resource, keyHash: hashToken(key) });
    return key;
  };
  return {
    async provision({ em, resource }) {
      return {
        [`${options.configVarsPrefix}_URL`]: options.productUrl,
        [`${options.configVarsPrefix}_API_KEY`]: newKey(em, resource),
      };
    },
    async rotateCredentials({ em, resource }) {
      // A replaced key ends once Heroku has the new one (below), and a day after its rotation at
      // the latest, should Heroku never accept the push: a key rotated because it leaked must end.
      const now = new Date();
      await em.nativeUpdate(
        ApiKey,
        { resource, revokedAt: null, supersededAt: null },
        { supersededAt: now, expiresAt: new Date(now.getTime() + supersededKeyLifetimeMs) },
      );
      return { [`${options.configVarsPrefix}_API_KEY`]: newKey(em, resource) };
    },
    async retireCredentials({ em, resource, graceSeconds }) {
      const graceEnds = new Date(Date.now() + graceSeconds * 1000);
      await em.nativeUpdate(ApiKey, { resource, revokedAt: null, supersededAt: { $ne: null }, expiresAt: { $gt: graceEnds } }, { expiresAt: graceEnds });
    },
    // Limits follow the plan; the tenant's key stays valid across plan changes.
    async changePlan() {
      return undefined;
    },
    async deprovision({ em, resource }) {
      await em.nativeUpdate(ApiKey, { resource, revokedAt: null }, { revokedAt: new Date() });
    },
  };
}

/** The live resource an API key belongs to, or null for an unknown, revoked or expired key. */
export async function authenticateApiKey(em: EntityManager, key: string, now = new Date()): Promise<Resource | null> {
  const apiKey = await em.findOne(
    ApiKey,
    { keyHash: hashToken(key), revokedAt: null, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] },
    { populate: ["resource", "resource.plan"] },
  );
  return apiKey?.resource ?? null;
}
