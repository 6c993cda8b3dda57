import { createSocket } from "node:dgram";
import { request } from "node:http";
import { connect } from "node:net";

/* Small, bounded probes a test sends to jails it made itself: one request each, short timeouts. */

/** One GET to a jail this test made, with a short timeout. */
export function httpGet(address: string, port = 80, urlPath = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, port, path: urlPath, timeout: 3000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET http://${address}:${port}${urlPath} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

/** One A query over UDP to a jail this test made; the answer's first A record. */
export function queryA(server: string, name: string): Promise<string | null> {
  const question = Buffer.concat([
    ...name.split(".").map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0, 0, 1, 0, 1]),
  ]);
  const query = Buffer.concat([Buffer.from([0x5a, 0x17, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), question]);
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const timer = setTimeout(() => (socket.close(), reject(new Error(`no DNS answer from ${server}`))), 3000);
    socket.on("message", (reply) => {
      clearTimeout(timer);
      socket.close();
      const answers = reply.readUInt16BE(6);
      // The answer repeats the name as a 2-byte pointer, then type, class, TTL, length and the address.
      const at = 12 + question.length;
      resolve(answers > 0 && reply.readUInt16BE(at + 2) === 1 ? [...reply.subarray(at + 12, at + 16)].join(".") : null);
    });
    socket.send(query, 53, server);
  });
}

/** The first line a TCP service sends (an SSH server's version banner). */
export function banner(address: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, timeout: 3000 });
    socket.once("data", (data) => (socket.destroy(), resolve(data.toString("utf8").split("\r\n")[0]!)));
    socket.once("timeout", () => (socket.destroy(), reject(new Error(`no banner from ${address}:${port}`))));
    socket.once("error", reject);
  });
}
