import { Webhook } from "standardwebhooks";

/**
 * Checks addon-kit's Standard Webhooks signature, and that it was signed within the last five
 * minutes (a captured request replayed later is refused). Takes several secrets, for the time
 * both the old and the new one are in use while rotating.
 */
export function signatureCheck(secrets: readonly string[]): (rawBody: string, headers: Record<string, string | string[] | undefined>) => boolean {
  const keys = secrets.map((secret) => new Webhook(secret));
  return (rawBody, headers) => {
    const plain = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
    return keys.some((key) => {
      try {
        key.verify(rawBody, plain);
        return true;
      } catch {
        return false;
      }
    });
  };
}
