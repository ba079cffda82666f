import type { CheckResult } from "./run-checks.ts";

const marks = { pass: "PASS", fail: "FAIL", skip: "SKIP" } as const;

/** One line per check; under a failure, why, and what was sent and received. */
export function textReport(result: CheckResult): string {
  const { outcome } = result;
  const line = `${marks[outcome.status]}  ${result.id}  ${result.title}`;
  if (outcome.status === "pass") return line;
  if (outcome.status === "skip") return `${line} (${outcome.reason})`;
  return [line, `      ${outcome.reason}`, ...outcome.exchanges.map((exchange) => `      ${exchange.replaceAll("\n", "\n      ")}`)].join("\n");
}

export function summary(results: CheckResult[]): string {
  const count = (status: string) => results.filter((result) => result.outcome.status === status).length;
  return `${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`;
}

/** JUnit XML, as CI systems (GitHub Actions, GitLab, Jenkins, CircleCI) show test results. */
export function junitReport(results: CheckResult[]): string {
  const failures = results.filter((result) => result.outcome.status === "fail").length;
  const skips = results.filter((result) => result.outcome.status === "skip").length;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const cases = results.map((result) => {
    const open = `    <testcase classname="addon-kit-check.${xml(result.id.split(".")[0] ?? "")}" name="${xml(`${result.id}: ${result.title}`)}" time="${seconds(result.ms)}"`;
    const { outcome } = result;
    if (outcome.status === "pass") return `${open}/>`;
    if (outcome.status === "skip") return `${open}>\n      <skipped message="${xml(outcome.reason)}"/>\n    </testcase>`;
    return `${open}>\n      <failure message="${xml(outcome.reason)}">${xml(outcome.exchanges.join("\n"))}</failure>\n    </testcase>`;
  });
  const total = results.reduce((sum, result) => sum + result.ms, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="addon-kit-check" tests="${results.length}" failures="${failures}" skipped="${skips}" time="${seconds(total)}">`,
    `  <testsuite name="Heroku Add-on Partner API v3" tests="${results.length}" failures="${failures}" skipped="${skips}" time="${seconds(total)}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/** XML-escaped, without the characters XML 1.0 cannot hold at all (an add-on's answer may carry any). */
function xml(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, "\uFFFD").replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
