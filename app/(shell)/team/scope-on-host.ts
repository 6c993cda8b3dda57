import { useState } from "react";
import { EVERY_HOST } from "@/server/auth/permissions";
import { LOCAL_HOST_ID } from "@/shared/host-id";

export type ScopeType = "host" | "jail" | "tag";

/** A new grant's or token's scope and host, for the Team page's forms: only a tag covers every host. */
export function useScopeOnHost() {
  const [scopeType, setScope] = useState<ScopeType>("jail");
  const [host, setHost] = useState<string>(LOCAL_HOST_ID);
  const setScopeType = (next: ScopeType) => {
    setScope(next);
    if (next !== "tag" && host === EVERY_HOST) setHost(LOCAL_HOST_ID);
  };
  return { scopeType, setScopeType, host, setHost };
}
