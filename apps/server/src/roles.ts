/**
 * Which parts of Manabee this process runs. The same image scales as separate
 * deployments by setting MANABEE_ROLES: `all` (default), `api` (HTTP only),
 * `worker` (jobs, event relay and consumers only), or a list of service names
 * (HTTP and work for just those services).
 */
export interface ProcessRoles {
  http: boolean;
  worker: boolean;
  /** `all`, or the services whose routes, jobs and consumers run here. */
  services: 'all' | ReadonlySet<string>;
}

export function resolveRoles(roles: readonly string[], knownServices: readonly string[]): ProcessRoles {
  const set = new Set(roles.map((role) => role.trim().toLowerCase()).filter(Boolean));
  if (set.size === 0 || set.has('all')) return { http: true, worker: true, services: 'all' };
  const http = set.has('api');
  const worker = set.has('worker');
  set.delete('api');
  set.delete('worker');
  const unknown = [...set].filter((name) => !knownServices.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `MANABEE_ROLES: unknown role or service ${unknown.join(', ')} (known: all, api, worker, ${knownServices.join(', ')})`,
    );
  }
  if (set.size > 0) return { http: true, worker: true, services: set };
  return { http, worker, services: 'all' };
}

export function runsService(roles: ProcessRoles, name: string): boolean {
  return roles.services === 'all' || roles.services.has(name);
}
