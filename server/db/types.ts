import type { PrismaClient } from "@/prisma/generated/client/client";

export type Db = PrismaClient;
