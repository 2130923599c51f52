export { createEventBus, eventQueueOf } from './bus';
export { type BusMetrics, busMetrics } from './metrics';
export type * from './types';
