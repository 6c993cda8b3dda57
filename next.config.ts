import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules and the agent protocol run in Node as they are; bundling them breaks them.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "ws",
    "@lydell/node-pty",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` checks the whole project (agent and tests too); the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
