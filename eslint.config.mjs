import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import prettierConfig from "eslint-config-prettier";
import boundaries from "./eslint/boundaries.mjs";

export default tseslint.config(
  {
    ignores: [
      ".build/**",
      ".next/**",
      "node_modules/**",
      "data/**",
      "prisma/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Browser → server only as types; web → agent only through its protocol; agent → itself; shared/ Node-free.
    files: ["**/*.{ts,tsx}"],
    plugins: { stockade: boundaries },
    rules: { "stockade/import-boundaries": "error" },
  },
  // Formatting is Prettier's (run by `npm run lint`); ESLint keeps to correctness.
  prettierConfig,
);
