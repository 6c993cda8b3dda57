import crypto from "node:crypto";

/** A fresh nonce per page: Next.js reads it from the request's CSP header and stamps its own scripts. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

/**
 * Scripts run only from this origin's bundles loaded by a nonce-bearing script
 * ('strict-dynamic'), never inline without the nonce. Styles allow inline: xterm.js's DOM
 * renderer and React's style props write element styles and <style> elements that
 * cannot carry a nonce; styles cannot run code. Dev mode needs eval for React's stacks.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(nonce: string, dev: boolean): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, dev),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  };
}
