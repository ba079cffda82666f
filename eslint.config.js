// Type-aware rules only: the formatter (Prettier) owns layout, and TypeScript's own checks
// (strict, verbatimModuleSyntax) cover what they can. These catch what neither does.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/", "**/dist/", "**/.turbo/", "**/.data/", "artifacts/"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    linterOptions: { reportUnusedDisableDirectives: "error" },
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Configuration is one zod schema over the environment, read in one place.
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through loadConfig (apps/server/src/config); pass process.env in only at an entry point.",
        },
      ],
    },
  },
  {
    // Entry points hand process.env to loadConfig; test support and benchmarks read their own switches.
    files: [
      "apps/server/src/config/**",
      "apps/server/src/{main,worker,migrate,staff,sso-url}.ts",
      "packages/heroku/src/fake/cli.ts",
      "packages/checker/src/cli.ts",
      "packages/testing/**",
      "apps/server/src/testing/**",
      "bench/**",
      "**/*.test.ts",
      "**/*.config.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // The example product proves the HTTP contract alone connects a product: nothing of addon-kit's may be imported.
    files: ["examples/**"],
    rules: {
      "no-restricted-properties": "off",
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@addon-kit/*", "**/packages/**", "**/apps/**"], message: "The example product talks to addon-kit over HTTP only." }] },
      ],
    },
  },
);
