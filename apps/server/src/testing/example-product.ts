import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { freePort } from "@addon-kit/testing/database";
import { temporaryDirectory } from "@addon-kit/testing/temporary-directory";
import { type ServiceProcess, runScript, waitForOutput } from "./service-process.ts";

/** A Standard Webhooks secret, as a vendor makes one: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** What the example product knows of a tenant (its admin endpoint). */
export interface ProductHistory {
  tenant: { plan: string; deleted_at: string | null } | null;
  events: { webhook_id: string; type: string }[];
  keys: { created_at: string; expires_at: string | null }[];
  projects: number;
}

/**
 * `examples/product` as a process of its own, as a vendor runs their product: on a port and a
 * SQLite file that survive `kill` and `start`, so a test can take it down for a while.
 */
export async function startExampleProduct(options: {
  signingSecret: string;
  /** Chosen ahead when addon-kit must know the product's address first (its redirect URIs). */
  port?: number;
  /** Signs customers in through addon-kit's OpenID Provider. */
  oidc?: { issuer: string; clientId: string; clientSecret?: string };
}) {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const adminToken = randomBytes(16).toString("hex");
  const env = {
    SIGNING_SECRET: options.signingSecret,
    PORT: String(port),
    DATABASE_PATH: join(temporaryDirectory("example-product"), "product.sqlite"),
    ADMIN_TOKEN: adminToken,
    URL: url,
    ...(options.oidc
      ? {
          OIDC_ISSUER: options.oidc.issuer,
          OIDC_CLIENT_ID: options.oidc.clientId,
          ...(options.oidc.clientSecret ? { OIDC_CLIENT_SECRET: options.oidc.clientSecret } : {}),
        }
      : {}),
  };
  let running: ServiceProcess | undefined;
  const start = async () => {
    running = runScript("examples/product/src/main.ts", [], env);
    await waitForOutput(running, /example product listening on (\S+)/);
  };
  await start();

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(new URL(path, url), init);
    return { status: response.status, body: (await response.json().catch(() => undefined)) as unknown };
  };
  return {
    url,
    apiUrl: `${url}/addon-kit`,
    eventsUrl: `${url}/events`,
    start,
    /** Gone at once, as a crash or a network partition leaves it: nothing answers on its port. */
    async kill() {
      running?.child.kill("SIGKILL");
      await running?.exited;
      running = undefined;
    },
    async history(herokuUuid: string): Promise<ProductHistory> {
      const { status, body } = await call(`/admin/tenants/${herokuUuid}`, { headers: { authorization: `Bearer ${adminToken}` } });
      if (status !== 200) throw new Error(`the example product answered ${status}`);
      return body as ProductHistory;
    },
    /** The product's own API, as a customer's app calls it with its config vars. */
    asCustomer(apiKey: string) {
      const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
      return {
        tenant: () => call("/api/tenant", { headers }),
        addProject: (name: string) => call("/api/projects", { method: "POST", headers, body: JSON.stringify({ name }) }),
      };
    },
    /** Sends a request to the product's provisioning API with the given headers, for signature checks. */
    raw: (path: string, init: RequestInit) => call(path, init),
    output: () => running?.output() ?? "",
    async close() {
      running?.child.kill("SIGTERM");
      await running?.exited;
    },
  };
}

export type ExampleProduct = Awaited<ReturnType<typeof startExampleProduct>>;
