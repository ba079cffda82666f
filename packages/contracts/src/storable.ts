import { z } from "zod";

/** Deeper than any options Heroku forwards from `addons:create -- --flag value`. */
export const maxJsonDepth = 32;

const unstorable = "must not contain NUL characters or unpaired UTF-16 surrogates";

/** What PostgreSQL's `text` and `jsonb` cannot hold: NUL, and UTF-16 that is not well formed. */
export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !value.includes("\u0000");
}

/**
 * Text the database can store, at most `max` characters: every string that reaches a column or a
 * query parameter goes through this, so what the schema accepts the storage holds.
 */
export function storableText(max: number) {
  return z.string().max(max).refine(isStorableText, unstorable);
}

/**
 * Why a JSON value cannot be stored as `jsonb` or fingerprinted, or undefined if it can: nesting
 * beyond `maxJsonDepth`, or a key or string the database cannot hold. Walks with its own stack,
 * so a hostile depth cannot overflow the call stack.
 */
export function unstorableJson(value: unknown): string | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === "string") {
      if (!isStorableText(next.value)) return `a string ${unstorable}`;
    } else if (next.value !== null && typeof next.value === "object") {
      if (next.depth >= maxJsonDepth) return `must not nest deeper than ${maxJsonDepth} levels`;
      for (const [key, item] of Object.entries(next.value)) {
        if (!isStorableText(key)) return `a key ${unstorable}`;
        pending.push({ value: item, depth: next.depth + 1 });
      }
    }
  }
  return undefined;
}

/** A JSON object the database can store: see `unstorableJson`. */
export function storableJsonObject<Key extends z.ZodType<string>>(keys: Key) {
  return z.record(keys, z.unknown()).superRefine((value, ctx) => {
    const problem = unstorableJson(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/**
 * At most `max` characters of text from elsewhere (another system's answer, an error), made
 * storable: NUL and unpaired surrogates (a cut may split a pair) become U+FFFD.
 */
export function storableExcerpt(value: string, max: number): string {
  return value.slice(0, max).toWellFormed().replaceAll("\u0000", "\uFFFD");
}
