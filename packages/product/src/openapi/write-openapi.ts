import { writeFileSync } from "node:fs";
import { committedDocumentPath, productApiDocument } from "./product-api-document.ts";

/** `npm run openapi -w @addon-kit/product`: rewrites the committed document after a contract changed. */
export function renderedDocument(): string {
  return `${JSON.stringify(productApiDocument(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(committedDocumentPath, renderedDocument());
  console.log(`wrote ${committedDocumentPath.pathname}`);
}
