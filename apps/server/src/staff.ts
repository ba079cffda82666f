import { randomBytes } from "node:crypto";
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import { describeIssues, newStaffMemberSchema } from "@addon-kit/contracts";
import { DomainError, createStaffMember, listStaffMembers, schema } from "@addon-kit/domain";
import { describeDatabase, openDatabase } from "@addon-kit/infrastructure";
import { ConfigError } from "./config/config-error.ts";
import { loadConfig } from "./config/load-config.ts";

const usage = `Usage:
  npm run staff -- create --email <address> --name <name> --role viewer|operator|admin [--password-stdin]
  npm run staff -- list

Without --password-stdin, create prints a new random password once. On the embedded database,
stop the server first: PGlite belongs to one process at a time.`;

class UsageError extends Error {}

/** `npm run staff`: creates the first admin (and lists accounts) without the console. */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean", default: false } },
  });
  const [command] = positionals;
  if (command !== "create" && command !== "list") throw new UsageError(usage);
  const config = loadConfig(process.env);
  const generated = command === "create" && !values["password-stdin"] ? randomBytes(18).toString("base64url") : undefined;
  const input =
    command === "create"
      ? newStaffMemberSchema.safeParse({
          email: values.email,
          name: values.name ?? values.email,
          role: values.role,
          password: generated ?? (await text(process.stdin)).trim(),
        })
      : undefined;
  if (input && !input.success) throw new UsageError(`${describeIssues(input.error)}\n\n${usage}`);

  const orm = await openDatabase(config.database, schema);
  try {
    if (input?.success) {
      const member = await createStaffMember(orm.em, input.data, "cli");
      console.log(`Created ${member.role} ${member.email} on ${describeDatabase(config.database)}.`);
      if (generated) console.log(`Password (shown once): ${generated}`);
      console.log(`Sign in at http://localhost:${config.port}/console`);
    } else {
      for (const member of await listStaffMembers(orm.em)) {
        console.log(`${member.email.padEnd(40)} ${member.role.padEnd(9)} ${member.disabledAt ? "disabled" : "active"}`);
      }
    }
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof DomainError) console.error(error.message);
  else if (error instanceof ConfigError) console.error(`Cannot start: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
});
