import { createSocket, type Socket } from "node:dgram";

/** A resolver the test starts on the host's bridge address: the only upstream a jail with no route out can reach. */
export interface TestUpstream {
  /** dnsmasq's server= form: ADDRESS#PORT. */
  server: string;
  /** Who asked which name, in order: the cache should be the one asking. */
  queries: Array<{ from: string; name: string }>;
  close(): Promise<void>;
}

function questionName(query: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let at = 12;
  for (let length = query[at]!; length > 0; length = query[at]!) {
    labels.push(query.subarray(at + 1, at + 1 + length).toString("ascii"));
    at += 1 + length;
  }
  return { name: labels.join("."), end: at + 5 };
}

/** Answers every A query for a name in `answers` with its address, and anything else with NXDOMAIN. */
function reply(query: Buffer, answers: Record<string, string>): { name: string; message: Buffer } {
  const { name, end } = questionName(query);
  const address = answers[name.toLowerCase()];
  const header = Buffer.from([query[0]!, query[1]!, 0x81, address ? 0x80 : 0x83, 0, 1, 0, address ? 1 : 0, 0, 0, 0, 0]);
  const question = query.subarray(12, end);
  if (!address) return { name, message: Buffer.concat([header, question]) };
  const record = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...address.split(".").map(Number)]);
  return { name, message: Buffer.concat([header, question, record]) };
}

export async function startTestUpstream(address: string, answers: Record<string, string>): Promise<TestUpstream> {
  const socket: Socket = createSocket("udp4");
  const queries: TestUpstream["queries"] = [];
  socket.on("message", (query, from) => {
    const { name, message } = reply(query, answers);
    queries.push({ from: from.address, name });
    socket.send(message, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, address, () => resolve());
  });
  return {
    server: `${address}#${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
