import type {
  ChangePlanRequest,
  ConfigVars,
  CreateTenantRequest,
  ProductAnswer,
  RetireCredentialsRequest,
  RotateCredentialsRequest,
} from "@addon-kit/contracts";
import type { TenantDatabases } from "../tenant-databases/tenant-databases.ts";
import type { Provisioner } from "./provisioner.ts";

export interface RemoteStep {
  /** The same for every attempt at one step, so the other system can see a request twice safely. */
  idempotencyKey: string;
  /** Ends the wait early: a synchronous provision waits only as long as Heroku should. */
  signal?: AbortSignal;
}

/**
 * A provisioner whose tenants live in another system, reached over the network (the vendor's
 * product, `@addon-kit/product`'s HTTP provisioner). Its calls are made outside any transaction,
 * before the change is recorded, and every answer says whether it was done, refused (with a
 * message for the customer) or could not be had now (to be tried again).
 */
export interface RemoteProvisioner {
  readonly remote: true;
  /** How long a synchronous provision waits for the tenant before finishing it in the background. */
  readonly syncProvisionWaitMs: number;
  /** Set when each tenant is a database on a cluster addon-kit administers: the periodic maintenance works it. */
  readonly databases?: TenantDatabases;
  createTenant(request: CreateTenantRequest, step: RemoteStep): Promise<ProductAnswer<ConfigVars>>;
  changePlan(request: ChangePlanRequest, step: RemoteStep): Promise<ProductAnswer<ConfigVars | undefined>>;
  rotateCredentials(request: RotateCredentialsRequest, step: RemoteStep): Promise<ProductAnswer<ConfigVars>>;
  retireCredentials(request: RetireCredentialsRequest, step: RemoteStep): Promise<ProductAnswer<undefined>>;
  deleteTenant(herokuUuid: string, step: RemoteStep): Promise<ProductAnswer<undefined>>;
}

/** Either kind: one that works inside our transactions, or one that reaches another system. */
export type TenantProvisioner = Provisioner | RemoteProvisioner;

export function isRemoteProvisioner(provisioner: TenantProvisioner): provisioner is RemoteProvisioner {
  return "remote" in provisioner && provisioner.remote === true;
}
