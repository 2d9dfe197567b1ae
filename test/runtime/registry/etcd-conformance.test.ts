/** The etcd registry passes the shared conformance suite against a real etcd (or ETCD_URL). */
import { EtcdRegistry } from "../../../runtime/registry/etcd.js";
import { sharedEtcd } from "../../helpers/etcd-server.js";
import { registryConformance } from "./conformance.js";

describe("etcd registry", function () {
  let etcd: Awaited<ReturnType<typeof sharedEtcd>>;
  before(async () => {
    etcd = await sharedEtcd();
  });
  after(async () => {
    await etcd?.stop();
  });

  // etcd grants no lease shorter than 1.5 election timeouts, rounded up to whole seconds: 2 s by default.
  registryConformance("etcd", async () => new EtcdRegistry(etcd.target), { minTtlMs: 2_000 });
});
