-- Remote hosts: the agent's mutual-TLS address and its pinned certificate fingerprint.
ALTER TABLE "Host" ADD COLUMN "address" TEXT;
ALTER TABLE "Host" ADD COLUMN "fingerprint" TEXT;
