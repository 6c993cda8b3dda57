import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatasource } from "./prisma/datasource";

// No native schema engine can be downloaded here or on air-gapped hosts: the stock CLI talks to
// the wasm engine through this executable instead (an explicit setting still wins).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "prisma/offline-engine/schema-engine");

const datasource = resolveDatasource(process.env.DATABASE_URL);

export default defineConfig({
  schema: datasource.schemaPath,
  migrations: { path: datasource.migrationsPath },
  datasource: { url: datasource.url },
});
