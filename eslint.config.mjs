import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import prettierConfig from "eslint-config-prettier";

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
    // The agent is the security boundary: it must never import web code.
    files: ["server/agent/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@/server/api/*", "@/server/auth/*", "@/server/realtime/*", "@/app/*", "@/server/db*"] },
      ],
    },
  },
  // Formatting is Prettier's (run by `npm run lint`); ESLint keeps to correctness.
  prettierConfig,
);
