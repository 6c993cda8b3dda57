"use client";

import { useRouter } from "next/navigation";
import { TwoFactor } from "@/app/_components/two-factor-setup";

export function EnrolThenEnter() {
  const router = useRouter();
  return (
    <TwoFactor
      onEnrolled={() => {
        router.replace("/");
        router.refresh();
      }}
    />
  );
}
