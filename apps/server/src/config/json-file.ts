import { readFileSync } from "node:fs";
import { describeIssues } from "@addon-kit/contracts";
import type { z } from "zod";
import { ConfigError } from "./config-error.ts";

/** Reads a JSON file named by a setting and validates it, naming the file and field at fault. */
export function readJsonFile<Schema extends z.ZodType>(path: string, setting: string, schema: Schema): z.output<Schema> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`${setting}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${setting}: ${path} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${setting}: ${path} is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
