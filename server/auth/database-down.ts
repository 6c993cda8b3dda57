import { databaseReachable, DATABASE_UNREACHABLE_MESSAGE, isDatabaseUnreachable } from "@/server/db/unreachable";
import type { Db } from "@/server/db/types";

/** better-auth's own error shape, so the sign-in form shows the message as it shows a wrong password. */
function unreachableResponse(): Response {
  return Response.json({ code: "DATABASE_UNREACHABLE", message: DATABASE_UNREACHABLE_MESSAGE }, { status: 503 });
}

/**
 * better-auth lets a database error escape its handler (its rate limiter reads the database
 * before anything else) or answers 500: without the database, sign-in says so instead.
 */
export async function answerWithoutDatabase(db: Db, run: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    if (isDatabaseUnreachable(error)) return unreachableResponse();
    throw error;
  }
  if (response.status >= 500 && !(await databaseReachable(db))) return unreachableResponse();
  return response;
}
