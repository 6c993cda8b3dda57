import { io as connect, type Socket as ClientSocket } from "socket.io-client";

/** The Cookie header a browser would send after a sign-in that answered with these headers. */
export function sessionCookie(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

/** A websocket-only socket.io client carrying `cookie` from `origin`, once it is connected. */
export async function socketWithCookie(url: string, origin: string, cookie: string): Promise<ClientSocket> {
  const socket = connect(url, { transports: ["websocket"], extraHeaders: { cookie, origin }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}
