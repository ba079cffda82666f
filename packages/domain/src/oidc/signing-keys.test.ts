import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MikroORM } from "@mikro-orm/core";
import { SecretBox } from "../secret-box.ts";
import { openTestDatabase } from "../testing/open-test-database.ts";
import { SigningKey } from "./signing-key.entity.ts";
import { currentSigningKeys, signingKeyPolicy } from "./signing-keys.ts";

let orm: MikroORM;
beforeAll(async () => {
  orm = await openTestDatabase();
});
afterAll(() => orm.close());

const secrets = new SecretBox(Buffer.alloc(32, 5));
const day = 86_400_000;
const keysAt = (now: Date) => currentSigningKeys(orm.em, secrets, { rotateEveryMs: 30 * day, now });
const kids = async (now: Date) => (await keysAt(now)).map((key) => key.kid);

describe("ID-token signing keys", () => {
  it("are made on first use, one for all processes however many start at once, and kept sealed", async () => {
    await orm.em.fork().nativeDelete(SigningKey, {});
    const now = new Date();
    const answers = await Promise.all(Array.from({ length: 4 }, () => kids(now)));
    expect(answers).toEqual(Array.from({ length: 4 }, () => ["addon-kit-1"]));
    const [key] = await keysAt(now);
    expect(key).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: "addon-kit-1", d: expect.any(String) });
    const stored = await orm.em.fork().findOneOrFail(SigningKey, { kid: "addon-kit-1" });
    expect(stored.sealedPrivateJwk).not.toContain(key?.d ?? "-");
  });

  it("roll over: the new key is published at once, signs once every process publishes it, and the old one is published a day longer", async () => {
    const created = (await orm.em.fork().findOneOrFail(SigningKey, { kid: "addon-kit-1" })).createdAt.getTime();
    const due = new Date(created + 30 * day);
    expect(await Promise.all([kids(due), kids(due)])).toEqual([
      ["addon-kit-1", "addon-kit-2"],
      ["addon-kit-1", "addon-kit-2"],
    ]);
    const activated = new Date(due.getTime() + signingKeyPolicy.activateAfterMs + 1000);
    expect(await kids(activated)).toEqual(["addon-kit-2", "addon-kit-1"]);
    expect(await kids(new Date(activated.getTime() + signingKeyPolicy.retireAfterMs))).toEqual(["addon-kit-2"]);
  });
});
