import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "./unreachable";

/** The shapes seen against a killed PostgreSQL (server/api/database-down.test.ts), and look-alikes that are not. */
describe("isDatabaseUnreachable", () => {
  it("recognises Prisma's, the pg adapter's and the socket's ways of saying the server is gone", () => {
    const p1001 = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      name: "PrismaClientKnownRequestError",
      code: "P1001",
    });
    const raw = {
      name: "PrismaClientKnownRequestError",
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    };
    const init = Object.assign(new Error("Can't reach database server"), { name: "PrismaClientInitializationError" });
    const dropped = new Error("Connection terminated unexpectedly");
    const refused = new Error("tRPC wrapper", {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    });
    const adminShutdown = { code: "57P01", message: "terminating connection due to administrator command" };
    for (const error of [p1001, raw, init, dropped, refused, adminShutdown]) expect(isDatabaseUnreachable(error)).toBe(true);
  });

  it("leaves query errors, other errors and non-errors alone", () => {
    const unique = { name: "PrismaClientKnownRequestError", code: "P2002", meta: { target: ["username"] } };
    const notFound = { name: "PrismaClientKnownRequestError", code: "P2025" };
    for (const error of [unique, notFound, new Error("Connection terminated by the user, not the server"), "P1001", null, undefined])
      expect(isDatabaseUnreachable(error)).toBe(false);
  });
});
