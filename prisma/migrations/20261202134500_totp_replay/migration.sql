-- Replay refusal for TOTP codes: the time-step of the last accepted code.
ALTER TABLE "twoFactor" ADD COLUMN "totpLastStep" INTEGER;
