-- AlterTable
ALTER TABLE "user" ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "user" ADD COLUMN "oneTimeSignInAt" DATETIME;
