/**
 * Direct etcd access for tests through etcd's v3 JSON gateway (plain HTTP on the client port), so the tests need
 * only the `etcd` binary: no etcdctl, and no second etcd client library next to the adapter's.
 */

/** One key as the gateway returns it, decoded. */
export interface GatewayKv {
  readonly key: string;
  readonly value: string;
  /** "0" when the key has no lease. */
  readonly lease: string;
}

const b64 = (text: string) => Buffer.from(text).toString("base64");
const unb64 = (text: string | undefined) => Buffer.from(text ?? "", "base64").toString();

/** The gateway of the etcd at `endpoints` (host:port), trying each in turn. */
export class EtcdGateway {
  constructor(private readonly endpoints: () => readonly string[]) {}

  async call<T>(path: string, body: object): Promise<T> {
    let last: unknown;
    for (const endpoint of this.endpoints()) {
      try {
        const res = await fetch(`http://${endpoint}/v3/${path}`, {
          method: "POST",
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(3000),
        });
        if (!res.ok) throw new Error(`etcd gateway ${path}: HTTP ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }

  async put(key: string, value: string): Promise<void> {
    await this.call("kv/put", { key: b64(key), value: b64(value) });
  }

  /** Every key under `prefix`, and the store's revision. */
  async range(prefix: string): Promise<{ revision: number; kvs: GatewayKv[] }> {
    const end = Buffer.from(prefix);
    end[end.length - 1]!++;
    const res = await this.call<{ header: { revision: string }; kvs?: { key: string; value?: string; lease?: string }[] }>(
      "kv/range",
      { key: b64(prefix), range_end: end.toString("base64") },
    );
    const kvs = (res.kvs ?? []).map((kv) => ({ key: unb64(kv.key), value: unb64(kv.value), lease: kv.lease ?? "0" }));
    return { revision: Number(res.header.revision), kvs };
  }

  async compact(revision: number): Promise<void> {
    await this.call("kv/compaction", { revision: String(revision), physical: true });
  }

  /** This endpoint's member id and the leader's. */
  async status(endpoint: string): Promise<{ member: string; leader: string }> {
    const res = await new EtcdGateway(() => [endpoint]).call<{ header: { member_id: string }; leader: string }>("maintenance/status", {});
    return { member: res.header.member_id, leader: res.leader };
  }
}
