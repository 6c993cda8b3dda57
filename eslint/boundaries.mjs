/**
 * The import boundaries between the browser, the web and the agent (design.md, "Layout"):
 *   browser (app/ client code)  → server/** only as types; shared/ and the Node-free pure modules
 *                                 below freely
 *   web (app server entries, server/…, agent-client) → the agent only through server/agent/protocol
 *   agent (server/agent/**)     → only its own files and shared/
 *   shared/                     → no Node module; only itself and types from server/agent/protocol
 * Paths are resolved, so `@/…` aliases and relative paths are judged alike.
 */
import { builtinModules } from "node:module";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const NODE_MODULES = new Set(builtinModules);
/** Next's server-side entry files: they run on the server unless they say "use client". */
const SERVER_ENTRY = /^(page|layout|route|template|default|not-found|loading)\.tsx?$/;

/**
 * Node-free modules outside shared/ whose values the browser may import: the agent's wire
 * schemas and the permission policy. Held to shared/'s rule (no Node modules, no web code).
 */
const PURE_MODULES = ["server/agent/protocol", "server/auth/permissions"];
const PURE_EXCEPTIONS = ["server/agent/protocol/socket-path"];

const within = (rel, dir) => rel === dir || rel.startsWith(`${dir}/`);
const isTestFile = (rel) => /\.test\.tsx?$/.test(rel) || rel.includes("/test-support/");

function isClientFile(rel, source) {
  if (!within(rel, "app") || within(rel, "app/api")) return false;
  const usesClient = /^\s*(["'])use client\1/.test(source);
  return usesClient || !SERVER_ENTRY.test(path.basename(rel));
}

/** Which side of a boundary a file is on; null for what no boundary covers (tests, scripts, configs). */
const withoutExtension = (rel) => rel.replace(/\.tsx?$/, "");
const isPure = (rel) => PURE_MODULES.some((dir) => within(withoutExtension(rel), dir)) && !PURE_EXCEPTIONS.includes(withoutExtension(rel));

function zoneOf(rel, source) {
  if (within(rel, "shared") || (isPure(rel) && !isTestFile(rel))) return "shared";
  if (within(rel, "server/agent")) return "agent";
  if (within(rel, "app")) return isClientFile(rel, source) ? "browser" : "web";
  if (within(rel, "server") || rel === "server-entry.ts") return "web";
  return null;
}

function resolveSource(fileRel, source) {
  if (source.startsWith("@/")) return { kind: "file", rel: path.posix.normalize(source.slice(2)) };
  if (source.startsWith(".")) return { kind: "file", rel: path.posix.normalize(path.posix.join(path.posix.dirname(fileRel), source)) };
  const bare = source.replace(/^node:/, "");
  return { kind: source.startsWith("node:") || NODE_MODULES.has(bare) || NODE_MODULES.has(bare.split("/")[0]) ? "node" : "package" };
}

function isTypeOnly(node) {
  if (node.importKind === "type" || node.exportKind === "type") return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === "type" || s.exportKind === "type");
}

/** The reason an import crosses a boundary, or null when it may. */
function violation(zone, fileRel, target, typeOnly) {
  const to = target.rel;
  if (zone === "shared") {
    if (target.kind === "node") return "shared/ must not import Node modules (the browser runs it)";
    if (target.kind === "file" && !within(to, "shared") && !isPure(to) && !(typeOnly && within(to, "server/agent/protocol"))) {
      return "pure modules import only each other (shared/, server/agent/protocol, server/auth/permissions.ts)";
    }
    return null;
  }
  if (target.kind !== "file" || isTestFile(fileRel)) return null;
  if (zone === "agent") {
    if (!within(to, "server/agent") && !within(to, "shared")) return "the agent imports only its own files (server/agent/**) and shared/";
    return null;
  }
  if (zone === "browser" && within(to, "server") && !typeOnly && !isPure(to))
    return "browser code imports only types from server/**; share pure code through shared/";
  if (within(to, "server/agent") && !within(to, "server/agent/protocol")) {
    return "the web reaches the agent only through server/agent/protocol and server/agent-client";
  }
  return null;
}

const importBoundaries = {
  meta: {
    type: "problem",
    docs: { description: "Keeps imports inside the browser / web / agent boundaries" },
    schema: [],
    messages: { crossed: "{{source}}: {{reason}}." },
  },
  create(context) {
    const fileRel = path.relative(ROOT, context.filename).split(path.sep).join("/");
    const zone = zoneOf(fileRel, context.sourceCode.text);
    if (zone === null) return {};
    const check = (node, sourceNode, typeOnly) => {
      if (!sourceNode || typeof sourceNode.value !== "string") return;
      const reason = violation(zone, fileRel, resolveSource(fileRel, sourceNode.value), typeOnly);
      if (reason) context.report({ node: sourceNode, messageId: "crossed", data: { source: sourceNode.value, reason } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === "type"),
      ImportExpression: (node) => check(node, node.source, false),
    };
  },
};

export default { rules: { "import-boundaries": importBoundaries } };
