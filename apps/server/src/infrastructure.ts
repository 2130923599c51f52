import path from 'node:path';
import { eventSchemas } from '@manabee/contracts';
import {
  type Cache,
  type Config,
  createEventBus,
  createFamilyKeyring,
  createJobQueue,
  createMailTransport,
  type Database,
  type EventBus,
  type FamilyKeyring,
  type JobQueue,
  type Logger,
  type MailTransport,
  migrate,
  openCache,
  openDatabase,
  readMigrations,
} from '@manabee/kernel';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { loadMasterKey } from './master-key';

export type Bus = EventBus<typeof eventSchemas>;

/** The parts every service is built from, embedded or real per configuration. */
export interface Infrastructure {
  database: Database;
  cache: Cache;
  mail: MailTransport;
  jobs: JobQueue;
  bus: Bus;
  keyring: FamilyKeyring;
  masterKey: Buffer;
  metrics: Registry;
  mailDir: string;
  close(): Promise<void>;
}

export async function openInfrastructure(
  config: Config,
  logger: Logger,
  options: { migrate: boolean; migrationsDir: string },
): Promise<Infrastructure> {
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((error) => logger.warn({ err: error }, 'close failed'));
  };
  try {
    const database = await openDatabase({
      url: config.database.url,
      dataDir: config.database.url ? undefined : path.join(config.dataDir, 'data'),
      poolMax: config.database.poolMax,
    });
    closers.push(() => database.close());
    if (options.migrate) {
      const report = await migrate(database, readMigrations(options.migrationsDir));
      if (report.applied.length > 0) logger.info({ applied: report.applied }, 'database migrated');
    }
    const cache = await openCache({ url: config.redis.url, keyPrefix: config.redis.keyPrefix });
    closers.push(() => cache.close());
    const mailDir = path.join(config.dataDir, 'mail');
    const mail = createMailTransport({
      smtpUrl: config.mail.smtpUrl,
      from: config.mail.from,
      outboxDir: mailDir,
    });
    closers.push(() => mail.close());
    const jobs = createJobQueue({
      database,
      logger: logger.child({ part: 'jobs' }),
      pollIntervalMs: config.jobs.pollIntervalMs,
      registry: metrics,
    });
    const bus = createEventBus({
      database,
      jobs,
      logger: logger.child({ part: 'bus' }),
      schemas: eventSchemas,
      maxAttempts: config.events.maxAttempts,
      pollIntervalMs: config.events.pollIntervalMs,
      registry: metrics,
      ...(config.nats.url
        ? {
            nats: {
              url: config.nats.url,
              stream: config.nats.stream,
              subjectPrefix: config.nats.subjectPrefix,
            },
          }
        : {}),
    });
    const masterKey = loadMasterKey(config);
    return {
      database,
      cache,
      mail,
      jobs,
      bus,
      keyring: createFamilyKeyring(masterKey),
      masterKey,
      metrics,
      mailDir,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
