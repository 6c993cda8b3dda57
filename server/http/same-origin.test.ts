import { describe, expect, it } from "vitest";
import { crossOriginRefusal } from "./same-origin";
import { contentSecurityPolicy } from "./security-headers";

const origin = "http://127.0.0.1:3000";

describe("crossOriginRefusal", () => {
  it("lets Stockade's own pages and non-browser clients through", () => {
    expect(crossOriginRefusal(new Headers({ origin, "sec-fetch-site": "same-origin" }), origin)).toBeNull();
    expect(crossOriginRefusal(new Headers({ authorization: "Bearer x" }), origin)).toBeNull();
  });

  it("refuses a foreign Origin, a null Origin and a cross-site fetch", () => {
    expect(crossOriginRefusal(new Headers({ origin: "https://evil.example" }), origin)).toMatch(/https:\/\/evil.example are refused/);
    expect(crossOriginRefusal(new Headers({ origin: "null" }), origin)).toMatch(/null are refused/);
    expect(crossOriginRefusal(new Headers({ "sec-fetch-site": "cross-site" }), origin)).toMatch(/cross-site/);
    expect(crossOriginRefusal(new Headers({ origin, "sec-fetch-site": "same-site" }), origin)).toMatch(/same-site/);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce, forbids framing and plugins, and eval only in dev", () => {
    const policy = contentSecurityPolicy("abc", false);
    expect(policy).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy("abc", true)).toContain("'unsafe-eval'");
  });
});
