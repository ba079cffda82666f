import { fileURLToPath } from "node:url";

/** The repository root, where the example manifest and plan catalog live. */
export const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
