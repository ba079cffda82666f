import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

const storedSecretsSchema = z.object({
  SESSION_SECRET: z.string().min(32),
  ENCRYPTION_KEY: z.string().min(1),
});
export type GeneratedSecrets = z.infer<typeof storedSecretsSchema>;

/**
 * Outside production, secrets nobody configured are generated on first start and kept in
 * DATA_DIR, so that a restart can still read sessions and data encrypted before it.
 */
export function loadOrCreateDevelopmentSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, "secrets.json");
  try {
    return storedSecretsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secrets: GeneratedSecrets = {
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  };
  mkdirSync(dataDir, { recursive: true });
  // `wx` fails if another process created the file first; its secrets then win.
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return storedSecretsSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  }
  return secrets;
}
