import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{app,server,shared,prisma,scripts,tests}/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests share LXC, the database and the agent socket: run files one at a time.
    fileParallelism: false,
  },
});
