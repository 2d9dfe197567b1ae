/** Redis registry targets: `redis://[user:pass@]host:port[/db]`, `rediss://` for TLS. */

export interface RedisTarget {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly tls: boolean;
}

/** Parse `redis://[user:pass@]host:port[/db]` / `rediss://...`; the name keeps no credentials. */
export function parseTarget(target: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw registryTargetError(target);
  }
  const tls = url.protocol === "rediss:";
  if (!tls && url.protocol !== "redis:") throw registryTargetError(target);
  const db = url.pathname === "" || url.pathname === "/" ? 0 : Number(url.pathname.slice(1));
  if (!Number.isInteger(db) || db < 0) throw registryTargetError(target);
  const host = url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
  const port = url.port === "" ? 6379 : Number(url.port);
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    name: `${url.protocol}//${shownHost}:${port}/${db}`,
    host,
    port,
    db,
    username: url.username === "" ? undefined : decodeURIComponent(url.username),
    password: url.password === "" ? undefined : decodeURIComponent(url.password),
    tls,
  };
}

function registryTargetError(target: string): Error {
  const shown = target.replace(/\/\/[^@/]*@/, "//***@");
  return new TypeError(`bad Redis registry target "${shown}": expected redis://[user:pass@]host:port[/db] or rediss://...`);
}
