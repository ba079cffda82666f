import {
  type ChangePlanAnswer,
  type ChangePlanRequest,
  type CreateTenantRequest,
  type ProductAnswer,
  type RetireCredentialsRequest,
  type RotateCredentialsRequest,
  changePlanAnswerSchema,
  createTenantAnswerSchema,
  rotateCredentialsAnswerSchema,
} from "@addon-kit/contracts";
import { z } from "zod";
import type { ProductTransport } from "./product-transport.ts";

export interface HttpProvisionerOptions {
  /** The product's provisioning API: the OpenAPI document's paths are relative to it. */
  apiUrl: string;
  transport: ProductTransport;
  /** What the manifest declares in `api.config_vars`: the product may answer no other name. */
  configVarNames: readonly string[];
  /** How long a synchronous provision waits for the product before finishing in the background. */
  syncProvisionWaitMs: number;
}

export interface StepOptions {
  /** The Standard Webhooks message id: the same for every attempt at one step. */
  idempotencyKey: string;
  signal?: AbortSignal;
}

const anyBody = z.unknown().transform(() => undefined);

/** The provisioner that calls the vendor's product over HTTP, by the contract in `packages/contracts/src/product-api.ts`. */
export class HttpProvisioner {
  readonly remote = true;
  readonly syncProvisionWaitMs: number;
  readonly #base: URL;
  readonly #transport: ProductTransport;
  readonly #config: z.ZodType<Record<string, string>, Record<string, string>>;

  constructor(options: HttpProvisionerOptions) {
    this.syncProvisionWaitMs = options.syncProvisionWaitMs;
    // A trailing slash makes the paths below relative to the whole base path, not its parent.
    this.#base = new URL(options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`);
    this.#transport = options.transport;
    const declared = new Set(options.configVarNames);
    this.#config = z.record(z.string(), z.string()).superRefine((config, ctx) => {
      const undeclared = Object.keys(config).filter((name) => !declared.has(name));
      if (undeclared.length > 0) ctx.addIssue({ code: "custom", message: `config vars the manifest does not declare: ${undeclared.join(", ")}` });
    });
  }

  async createTenant(request: CreateTenantRequest, step: StepOptions): Promise<ProductAnswer<Record<string, string>>> {
    return this.#transport.send(
      { method: "POST", url: this.#url("tenants"), id: step.idempotencyKey, body: request, ...signal(step) },
      createTenantAnswerSchema.transform((answer) => answer.config).pipe(this.#config),
    );
  }

  async changePlan(request: ChangePlanRequest, step: StepOptions): Promise<ProductAnswer<ChangePlanAnswer["config"]>> {
    return this.#transport.send(
      { method: "PUT", url: this.#tenantUrl(request.resource.heroku_uuid, "plan"), id: step.idempotencyKey, body: request, ...signal(step) },
      changePlanAnswerSchema.transform((answer) => answer.config).pipe(this.#config.optional()),
    );
  }

  async rotateCredentials(request: RotateCredentialsRequest, step: StepOptions): Promise<ProductAnswer<Record<string, string>>> {
    return this.#transport.send(
      { method: "POST", url: this.#tenantUrl(request.resource.heroku_uuid, "credentials"), id: step.idempotencyKey, body: request, ...signal(step) },
      rotateCredentialsAnswerSchema.transform((answer) => answer.config).pipe(this.#config),
    );
  }

  async retireCredentials(request: RetireCredentialsRequest, step: StepOptions): Promise<ProductAnswer<undefined>> {
    const url = this.#tenantUrl(request.resource.heroku_uuid, "credentials/retire");
    return this.#transport.send({ method: "POST", url, id: step.idempotencyKey, body: request, ...signal(step) }, anyBody);
  }

  async deleteTenant(herokuUuid: string, step: StepOptions): Promise<ProductAnswer<undefined>> {
    return this.#transport.send(
      { method: "DELETE", url: this.#tenantUrl(herokuUuid, ""), id: step.idempotencyKey, goneIsDone: true, ...signal(step) },
      anyBody,
    );
  }

  #url(path: string): URL {
    return new URL(path, this.#base);
  }

  #tenantUrl(herokuUuid: string, rest: string): URL {
    return this.#url(`tenants/${encodeURIComponent(herokuUuid)}${rest ? `/${rest}` : ""}`);
  }
}

function signal(step: StepOptions): { signal?: AbortSignal } {
  return step.signal ? { signal: step.signal } : {};
}
