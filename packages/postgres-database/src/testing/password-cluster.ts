import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@addon-kit/testing/database";

/**
 * A PostgreSQL cluster of its own that asks every connection for its password (scram-sha-256),
 * made with the machine's server binaries for one test file. The shared test server trusts
 * every local connection, where no password is ever checked, wrong or expired.
 */
export async function startPasswordCluster(): Promise<{ adminUrl: string; stop: () => void }> {
  const bin = serverBinaries();
  const directory = mkdtempSync(join(tmpdir(), "addon-kit-password-cluster-"));
  const adminPassword = "cluster-admin-password";
  writeFileSync(join(directory, "password"), adminPassword);
  // PostgreSQL refuses to run as root: there, it runs as the postgres user its package made.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(directory, uid, gid);
    chownSync(join(directory, "password"), uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const [command, commandArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]] : [join(bin, program), args];
    const result = spawnSync(command, commandArgs, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.error?.message}`);
  };
  const data = join(directory, "data");
  run("initdb", ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${join(directory, "password")}`, "-E", "UTF8", "--no-sync"]);
  const port = await freePort();
  run("pg_ctl", ["-D", data, "-w", "-l", join(directory, "log"), "-o", `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  return {
    adminUrl: `postgres://postgres:${adminPassword}@127.0.0.1:${port}/postgres`,
    stop: () => {
      run("pg_ctl", ["-D", data, "-m", "immediate", "stop"]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Where the server's programs are: `pg_config --bindir`, as Debian's and most packages install it. */
function serverBinaries(): string {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("pg_config was not found: the password tests make a PostgreSQL cluster with the server's own programs (install postgresql)");
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}
