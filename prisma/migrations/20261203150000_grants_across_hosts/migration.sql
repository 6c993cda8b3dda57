-- Grants across hosts: a tag grant may have no host (it covers the tag's jails on every host).
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt with its rows, keys and indexes.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Grant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "hostId" TEXT,
    "scopeType" TEXT NOT NULL,
    "scopeValue" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Grant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Grant_roleName_fkey" FOREIGN KEY ("roleName") REFERENCES "Role" ("name") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Grant_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Grant" ("id", "userId", "roleName", "hostId", "scopeType", "scopeValue", "createdAt")
    SELECT "id", "userId", "roleName", "hostId", "scopeType", "scopeValue", "createdAt" FROM "Grant";
DROP TABLE "Grant";
ALTER TABLE "new_Grant" RENAME TO "Grant";
CREATE INDEX "Grant_userId_idx" ON "Grant"("userId");
CREATE UNIQUE INDEX "Grant_userId_roleName_hostId_scopeType_scopeValue_key" ON "Grant"("userId", "roleName", "hostId", "scopeType", "scopeValue");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
