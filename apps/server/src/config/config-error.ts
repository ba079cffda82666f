/** A configuration problem the operator must fix; main.ts prints its message without a stack. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
