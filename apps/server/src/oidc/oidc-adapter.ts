import type { EntityManager } from "@mikro-orm/core";
import { type Adapter, type AdapterPayload, errors } from "oidc-provider";
import { unstorableJson } from "@addon-kit/contracts";
import { OidcArtifacts } from "@addon-kit/domain";

/**
 * oidc-provider's storage adapter over addon-kit's database, so that any web process can carry
 * on what another started. Written by hand: the provider ships only an in-memory adapter, fit for
 * one process in development.
 */
export function databaseAdapter(em: EntityManager): new (model: string) => Adapter {
  return class DatabaseAdapter implements Adapter {
    readonly #artifacts: OidcArtifacts;

    constructor(model: string) {
      this.#artifacts = new OidcArtifacts(em, model);
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      // What a request put in it (a state, a nonce, a login hint): refused as OAuth's invalid_request, not a database error.
      const unstorable = unstorableJson(payload);
      if (unstorable) throw new errors.InvalidRequest(`a request parameter ${unstorable.replace(/^a /, "")}`);
      await this.#artifacts.upsert(id, payload as Record<string, unknown>, expiresIn);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await this.#artifacts.find(id)) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await this.#artifacts.findByUid(uid)) as AdapterPayload | undefined;
    }

    // Device codes are not enabled.
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    /**
     * The provider checks `consumed` before consuming, which two requests redeeming one code at
     * the same instant both pass; the database's atomic update lets one through, and the other
     * is refused, with everything issued under the grant revoked, as for a replayed code.
     */
    async consume(id: string): Promise<void> {
      if (await this.#artifacts.consume(id)) return;
      const grantId = (await this.#artifacts.find(id))?.grantId;
      if (typeof grantId === "string") await this.#artifacts.revokeByGrantId(grantId);
      throw new errors.InvalidGrant("grant already used");
    }

    async destroy(id: string): Promise<void> {
      await this.#artifacts.destroy(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await this.#artifacts.revokeByGrantId(grantId);
    }
  };
}
