import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("agent config", () => {
  it("has defaults for everything and picks the driver by platform", () => {
    const config = loadConfig({}, "linux");
    expect(config).toMatchObject({ bridge: "stockade0", pool: "10.213.0.0/24", driver: "linux", socketGroup: null });
    expect(config.socketPath).toBe(path.resolve("./data/agent.sock"));
    expect(loadConfig({}, "freebsd").driver).toBe("freebsd");
  });

  it("reads every variable: each one lands in the config, none is ignored", () => {
    const config = loadConfig({
      STOCKADE_AGENT_SOCKET: "/run/s.sock",
      STOCKADE_DATA_DIR: "/srv/web-data",
      STOCKADE_AGENT_STATE_DIR: "/var/lib/s",
      STOCKADE_AGENT_SHARE_DIR: "/srv/shares",
      STOCKADE_LXC_PATH: "/var/lib/s/lxc",
      STOCKADE_BRIDGE: "br7",
      STOCKADE_POOL: "192.168.7.0/24",
      STOCKADE_TEMPLATE_DIR: "/var/cache/s",
      STOCKADE_SOCKET_GROUP: "stockade",
      STOCKADE_DRIVER: "freebsd",
      STOCKADE_FREEBSD_RECORDED_DIR: "/rec",
      STOCKADE_CONSOLE_IDLE_SECONDS: "60",
      STOCKADE_CONSOLE_SCROLLBACK_KB: "64",
      STOCKADE_LOG_LEVEL: "warn",
      STOCKADE_AGENT_TLS_LISTEN: "[fd00::2]:7443",
      STOCKADE_AGENT_TLS_CERT: "/etc/s/agent.crt",
      STOCKADE_AGENT_TLS_KEY: "/etc/s/agent.key",
      STOCKADE_AGENT_TLS_CA: "/etc/s/ca.crt",
      STOCKADE_AGENT_TLS_CRL: "/etc/s/crl.pem",
    });
    expect(config).toEqual({
      socketPath: "/run/s.sock",
      tls: {
        host: "fd00::2",
        port: 7443,
        certFile: "/etc/s/agent.crt",
        keyFile: "/etc/s/agent.key",
        caFile: "/etc/s/ca.crt",
        crlFile: "/etc/s/crl.pem",
      },
      webDataDir: "/srv/web-data",
      stateDir: "/var/lib/s",
      shareDir: "/srv/shares",
      lxcPath: "/var/lib/s/lxc",
      bridge: "br7",
      pool: "192.168.7.0/24",
      templateDir: "/var/cache/s",
      socketGroup: "stockade",
      driver: "freebsd",
      freebsdRecordedDir: "/rec",
      logLevel: "warn",
      console: { idleMs: 60_000, scrollbackBytes: 65536 },
    });
  });

  it("names the variable, its value and the rule when a value is bad", () => {
    expect(() => loadConfig({ STOCKADE_BRIDGE: "this-is-far-too-long" })).toThrow(/STOCKADE_BRIDGE="this-is-far-too-long": must be 1–15/);
    expect(() => loadConfig({ STOCKADE_POOL: "8.8.8.0/24" })).toThrow(/STOCKADE_POOL="8.8.8.0\/24": .*private/);
    expect(() => loadConfig({ STOCKADE_DRIVER: "windows" })).toThrow(/STOCKADE_DRIVER/);
    expect(() => loadConfig({ STOCKADE_SOCKET_GROUP: "web;rm" })).toThrow(/group name or a numeric gid/);
    expect(() => loadConfig({ STOCKADE_CONSOLE_IDLE_SECONDS: "soon" })).toThrow(/STOCKADE_CONSOLE_IDLE_SECONDS/);
  });

  it("mutual TLS is off by default, and a listen address needs its certificate, key and CA", () => {
    expect(loadConfig({}).tls).toBeNull();
    expect(() => loadConfig({ STOCKADE_AGENT_TLS_LISTEN: "10.0.0.2:7443" })).toThrow(/STOCKADE_AGENT_TLS_CERT.*required/);
    expect(() => loadConfig({ STOCKADE_AGENT_TLS_LISTEN: "10.0.0.2" })).toThrow(/must be host:port/);
    expect(() => loadConfig({ STOCKADE_AGENT_TLS_LISTEN: "10.0.0.2:99999" })).toThrow(/at most 65535/);
    const files = { STOCKADE_AGENT_TLS_CERT: "c", STOCKADE_AGENT_TLS_KEY: "k", STOCKADE_AGENT_TLS_CA: "a" };
    expect(loadConfig({ STOCKADE_AGENT_TLS_LISTEN: "agent.example:7443", ...files }).tls).toMatchObject({
      host: "agent.example",
      port: 7443,
    });
  });

  it("keeps the shares beside the state dir, apart from the agent's own trees", () => {
    expect(loadConfig({}).shareDir).toBe(path.resolve("./data/shares"));
    expect(loadConfig({ STOCKADE_AGENT_STATE_DIR: "/var/lib/stockade/agent" }).shareDir).toBe("/var/lib/stockade/shares");
    const state = { STOCKADE_AGENT_STATE_DIR: "/var/lib/s/agent", STOCKADE_LXC_PATH: "/var/lib/s/lxc" };
    expect(() => loadConfig({ ...state, STOCKADE_AGENT_SHARE_DIR: "/var/lib/s/agent/shares" })).toThrow(
      /STOCKADE_AGENT_SHARE_DIR=.*apart from the agent's own \/var\/lib\/s\/agent/,
    );
    expect(() => loadConfig({ ...state, STOCKADE_AGENT_SHARE_DIR: "/var/lib/s" })).toThrow(/apart from the agent's own/);
    expect(() => loadConfig({ STOCKADE_DATA_DIR: "/srv/web/data", STOCKADE_AGENT_SHARE_DIR: "/srv/web" })).toThrow(
      /may not hold \/srv\/web\/data/,
    );
    expect(() => loadConfig({ STOCKADE_AGENT_SHARE_DIR: "/etc/shares" })).toThrow(/STOCKADE_AGENT_SHARE_DIR.*refused/);
    expect(() => loadConfig({ STOCKADE_AGENT_SHARE_DIR: "/srv/my shares" })).toThrow(/STOCKADE_AGENT_SHARE_DIR.*letters, digits/);
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ STOCKADE_BRIDGE: "" }).bridge).toBe("stockade0");
  });
});
