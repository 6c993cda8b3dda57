import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type { SchemaEngine };

// The package is a wasm-bindgen "bundler" build: its entry imports the .wasm file as an ES
// module, which Node cannot do, so the instance is wired to the JS glue by hand, once.
let instantiated = false;

function instantiateOnce(): void {
  if (instantiated) return;
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
  });
  const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start: () => void };
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
  installPanicRegistry();
  instantiated = true;
}

let lastPanicMessage: string | undefined;

/** The engine reports a Rust panic's message through this global before it aborts the call. */
function installPanicRegistry(): void {
  const registry = {
    set_message(message: string) {
      lastPanicMessage = message;
    },
  };
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof registry }).PRISMA_WASM_PANIC_REGISTRY = registry;
}

export function takePanicMessage(): string | undefined {
  const message = lastPanicMessage;
  lastPanicMessage = undefined;
  return message;
}

export interface SchemaFile {
  path: string;
  content: string;
}

export async function createWasmEngine(
  schemaFiles: SchemaFile[],
  factory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void,
): Promise<SchemaEngine> {
  instantiateOnce();
  const datamodels: [string, string][] = schemaFiles.map((file) => [file.path, file.content]);
  return glue.SchemaEngine.new({ datamodels }, log, bindMigrationAwareSqlAdapterFactory(factory));
}
