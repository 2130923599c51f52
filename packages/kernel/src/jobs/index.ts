export { backoffDelayMs } from './backoff';
export { type JobMetrics, jobMetrics } from './metrics';
export { createJobQueue, JobTimeoutError } from './queue';
export { nextCronRun } from './schedules';
export type * from './types';
