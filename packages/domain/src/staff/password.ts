import { hash, verify } from "@node-rs/argon2";

/** Argon2id (the library's default) with its default cost; the PHC string carries salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

let decoy: Promise<string> | undefined;
/** A hash of nothing anyone knows, checked when the email is unknown so that timing does not tell. */
export function decoyPasswordHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
}
