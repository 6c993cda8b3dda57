-- Grants across hosts: a tag grant may have no host (it covers the tag's jails on every host).
ALTER TABLE "Grant" ALTER COLUMN "hostId" DROP NOT NULL;
