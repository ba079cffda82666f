import type { EntityManager } from "@mikro-orm/core";
import { isStorableText } from "@addon-kit/contracts";
import { OidcArtifact } from "./oidc-artifact.entity.ts";

type Payload = Record<string, unknown>;

/**
 * The OpenID Provider's storage for one of its models, in the database: its adapter interface,
 * with `consume` made atomic, so that one authorization code can never be redeemed twice, even by
 * two processes at the same instant. Expiry is the provider's to judge (it reads `exp` in the
 * payload); rows are pruned once long expired.
 */
export class OidcArtifacts {
  readonly #em: EntityManager;
  readonly #model: string;

  constructor(em: EntityManager, model: string) {
    this.#em = em;
    this.#model = model;
  }

  async upsert(id: string, payload: Payload, expiresInSeconds: number | undefined): Promise<void> {
    const expiresAt = expiresInSeconds === undefined ? null : new Date(Date.now() + expiresInSeconds * 1000);
    // A consumed artifact saved again stays consumed.
    await this.#em
      .fork()
      .upsert(
        OidcArtifact,
        { model: this.#model, id, payload, grantId: text(payload.grantId), uid: text(payload.uid), expiresAt, consumedAt: null },
        { onConflictFields: ["model", "id"], onConflictMergeFields: ["payload", "grantId", "uid", "expiresAt"] },
      );
  }

  // Ids come from requests too (a code, a client id): one the database cannot hold names nothing.
  async find(id: string): Promise<Payload | undefined> {
    if (!isStorableText(id)) return undefined;
    return withConsumed(await this.#em.fork().findOne(OidcArtifact, { model: this.#model, id }));
  }

  async findByUid(uid: string): Promise<Payload | undefined> {
    if (!isStorableText(uid)) return undefined;
    return withConsumed(await this.#em.fork().findOne(OidcArtifact, { model: this.#model, uid }));
  }

  /** Marks it consumed; false when it already was (or is gone): the caller must then refuse it. */
  async consume(id: string): Promise<boolean> {
    if (!isStorableText(id)) return false;
    const changed = await this.#em.fork().nativeUpdate(OidcArtifact, { model: this.#model, id, consumedAt: null }, { consumedAt: new Date() });
    return changed === 1;
  }

  async destroy(id: string): Promise<void> {
    await this.#em.fork().nativeDelete(OidcArtifact, { model: this.#model, id });
  }

  /** Everything issued under a grant, whatever its model. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await this.#em.fork().nativeDelete(OidcArtifact, { grantId });
  }
}

/** Deletes artifacts expired for more than an hour: none of them can be used any more. */
export async function pruneOidcArtifacts(em: EntityManager, now = new Date()): Promise<number> {
  return em.fork().nativeDelete(OidcArtifact, { expiresAt: { $lt: new Date(now.getTime() - 3_600_000) } });
}

function withConsumed(row: OidcArtifact | null): Payload | undefined {
  if (!row) return undefined;
  return row.consumedAt ? { ...row.payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : row.payload;
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
