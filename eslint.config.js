// ESLint: typescript-eslint's recommended rules, React's rules of hooks, and one import per module.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "data/**",
      ".cache/**",
      "node_modules/**",
      "public/build/**",
      "playwright-report/**",
      "test-results/**",
      "docs/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-duplicate-imports": ["error", { allowSeparateTypeImports: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // One clock: "now" for a decision comes from app/config/clock.ts, so that tests and faketime can set it.
    // Elapsed times use performance.now() (monotonic).
    files: ["app/**/*.{ts,tsx}", "db/**/*.ts", "server/**/*.ts"],
    ignores: ["**/*.test.{ts,tsx}", "app/config/clock.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Read now from app/config/clock.ts (clock.now())." },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "Read now from app/config/clock.ts; elapsed times use performance.now().",
        },
      ],
    },
  },
);
