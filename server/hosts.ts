import { z } from "zod";

export { LOCAL_HOST_ID } from "@/shared/host-id";

/** A host's id as inputs name it: "local" (this machine's agent) or a name recorded by `host add`. */
export const hostIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "Host names are 1–63 letters, digits, '_' or '-', starting with a letter or digit");
