/**
 * Per-application registration (as Dubbo 3 does): one record per process,
 * listing the services it serves, instead of one record per service. The
 * record is an ordinary Instance of the pseudo-service `app:<name>` whose
 * label `rpcgen.services` lists the services; clients that know a service's
 * application (`applications` client option) derive per-service instances.
 */
import type { Instance } from "./registry.js";

/** The label of an application record that lists its services, comma-separated. */
export const SERVICES_LABEL = "rpcgen.services";

/** The registry "service" under which an application's records live. */
export function applicationService(application: string): string {
  return `app:${application}`;
}

/** One record for the whole process. */
export function applicationRecord(application: string, services: readonly string[], base: Instance): Instance {
  return { ...base, service: applicationService(application), version: "", labels: { ...base.labels, [SERVICES_LABEL]: services.join(",") } };
}

/** The instances of `service` among application records (records that do not list it are skipped). */
export function servingOf(records: readonly Instance[], service: string): readonly Instance[] {
  const out: Instance[] = [];
  for (const r of records) {
    const listed = r.labels[SERVICES_LABEL];
    if (listed === undefined || !listed.split(",").includes(service)) continue;
    const labels: Record<string, string> = { ...r.labels };
    delete labels[SERVICES_LABEL];
    out.push({ ...r, service, labels });
  }
  return Object.freeze(out);
}
