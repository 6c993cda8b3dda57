import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/server/auth/auth";
import { answerWithoutDatabase } from "@/server/auth/database-down";
import { db } from "@/server/db/prisma";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  return answerWithoutDatabase(db(), () => toNextJsHandler(auth()).GET(request));
}

export async function POST(request: Request) {
  return answerWithoutDatabase(db(), () => toNextJsHandler(auth()).POST(request));
}
