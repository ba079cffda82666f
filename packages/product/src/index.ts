export * from "./event-sender.ts";
export * from "./http-provisioner.ts";
export * from "./product-transport.ts";
export * from "./webhook-signer.ts";
export * from "./openapi/product-api-document.ts";
