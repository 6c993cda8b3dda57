/**
 * One simulated host of the fleet bench: the real agent methods and mutual-TLS transport over
 * the real FreeBSD driver, replaying a generated recording (fleet-recording.ts) whose process
 * table moves once a second. Run as
 *   node --import tsx scripts/bench/fleet-agent.ts RECORDING_DIR HOST_NUMBER TLS_DIR
 * with TLS_DIR holding `host add`'s bundle (agent.crt, agent.key, ca.crt, crl.pem); it listens on
 * a free loopback port and prints "listening on PORT".
 */
import path from "node:path";
import pino from "pino";
import { createFreebsdDriver } from "@/server/agent/drivers/freebsd";
import { createMethods } from "@/server/agent/methods";
import { listenOnTls } from "@/server/agent/transport/tls";
import { TickingRunner } from "./fleet-recording";

async function main(): Promise<void> {
  const [recording, host, tlsDir] = process.argv.slice(2);
  if (!recording || !host || !tlsDir) throw new Error("usage: fleet-agent.ts RECORDING_DIR HOST_NUMBER TLS_DIR");
  const log = pino({ level: "warn" });
  const driver = createFreebsdDriver({
    interface: "em0",
    pool: { cidr: "192.0.2.0/24", gateway: "192.0.2.1" },
    templates: { base: { kind: "archive", archive: "/usr/local/jails/media/14.2-RELEASE-base.txz", description: "FreeBSD 14.2 base" } },
    runner: new TickingRunner(recording, Number(host)),
    recorded: true,
  });
  const methods = createMethods(driver, log, { idleMs: 60_000, scrollbackBytes: 64 * 1024 });
  const file = (name: string) => path.join(tlsDir, name);
  const tls = await listenOnTls(
    methods,
    {
      host: "127.0.0.1",
      port: 0,
      certFile: file("agent.crt"),
      keyFile: file("agent.key"),
      caFile: file("ca.crt"),
      crlFile: file("crl.pem"),
    },
    log,
  );
  console.log(`listening on ${tls.port}`);
  const stop = () => void tls.close().then(() => methods.close().finally(() => process.exit(0)));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
