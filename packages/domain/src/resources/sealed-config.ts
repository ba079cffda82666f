import { type ConfigVars, configVarsSchema } from "@addon-kit/contracts";
import type { SecretBox } from "../secret-box.ts";

/** A resource's config vars as they are stored: one sealed JSON object. */
export function sealConfig(secrets: SecretBox, config: ConfigVars): string {
  return secrets.seal(JSON.stringify(config));
}

/** The config vars of a sealed value, checked: a value sealed by an older version still reads as config. */
export function openConfig(secrets: SecretBox, sealed: string): ConfigVars {
  return configVarsSchema.parse(JSON.parse(secrets.open(sealed)));
}

/** `sealed`'s config with `changes` over it (a rotation, a plan change), sealed again. */
export function changeConfig(secrets: SecretBox, sealed: string, changes: ConfigVars): string {
  return sealConfig(secrets, { ...openConfig(secrets, sealed), ...changes });
}
