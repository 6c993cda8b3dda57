import { describe, expect, it } from "vitest";
import { clientRefusalKindOf, clientRefusalLine, parseClientRefusal } from "./client-refusal";

describe("the agent's refusal of a client certificate", () => {
  it("groups OpenSSL's verification codes into what the web can act on", () => {
    expect(clientRefusalKindOf("CERT_REVOKED")).toBe("revoked");
    expect(clientRefusalKindOf("CERT_HAS_EXPIRED")).toBe("expired");
    expect(clientRefusalKindOf("UNABLE_TO_VERIFY_LEAF_SIGNATURE")).toBe("unknown-ca");
    expect(clientRefusalKindOf("CERT_SIGNATURE_FAILURE")).toBe("unknown-ca");
    expect(clientRefusalKindOf("INVALID_PURPOSE")).toBe("bad-certificate");
    expect(clientRefusalKindOf(undefined)).toBe("bad-certificate");
    expect(clientRefusalKindOf("UNABLE_TO_GET_ISSUER_CERT", false)).toBe("no-certificate");
  });

  it("reads back only its own line with a known kind", () => {
    expect(parseClientRefusal(Buffer.from(clientRefusalLine("revoked")))).toBe("revoked");
    expect(parseClientRefusal(clientRefusalLine("unknown-ca"))).toBe("unknown-ca");
    expect(parseClientRefusal("stockade-agent refused the client certificate: anything\n")).toBeNull();
    expect(parseClientRefusal("HTTP/1.1 200 OK\r\n")).toBeNull();
    expect(parseClientRefusal(undefined)).toBeNull();
  });
});
