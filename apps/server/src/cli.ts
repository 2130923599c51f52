#!/usr/bin/env -S npx tsx
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { runTutorAsk } from '@manabee/ai';
import {
  ConfigError,
  createLogger,
  describeConfig,
  migrate,
  openDatabase,
  readMigrations,
} from '@manabee/kernel';
import { Command } from 'commander';
import { loadServerConfig } from './config';
import { runDoctor } from './doctor';
import { createPlatform, migrationsDir, type Platform, repoRoot } from './platform';

/** `manabee <command>`: what operators and `npm start` run. */
const program = new Command('manabee').description('Manabee platform').showHelpAfterError();

function config() {
  try {
    return loadServerConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

program
  .command('start')
  .description('run the platform (roles from MANABEE_ROLES)')
  .action(async () => {
    const cfg = config();
    const platform = await createPlatform(cfg);
    const log = platform.logger;
    log.info(describeConfig(cfg), 'configuration');
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      platform
        .shutdown(signal)
        .then(() => process.exit(0))
        .catch((error) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    // A stray rejection is logged, never a crash of the whole process.
    process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
    await platform.startWork();
    // A laptop install gets a demo family on first start, so there is something to see.
    if (!cfg.database.url && process.env.MANABEE_DEMO !== 'false')
      printDemo(await platform.services.auth.seedDemo(), false);
    const address = await platform.listen();
    log.info({ address, publicUrl: cfg.publicUrl }, `Manabee is running at ${cfg.publicUrl}`);
  });

program
  .command('migrate')
  .description('apply pending database migrations (safe to run from many replicas at once)')
  .action(async () => {
    const cfg = config();
    const database = await openDatabase({
      url: cfg.database.url,
      dataDir: cfg.database.url ? undefined : `${cfg.dataDir}/data`,
    });
    try {
      const report = await migrate(database, readMigrations(migrationsDir));
      process.stdout.write(
        report.applied.length > 0
          ? `applied: ${report.applied.join(', ')}\n`
          : `up to date (${report.alreadyApplied} migrations)\n`,
      );
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('create sample data')
  .option('--demo', 'a demo family with two children, a teacher with a classroom and an operator')
  .action(async (options: { demo?: boolean }) => {
    if (!options.demo) throw new Error('say what to seed: --demo');
    const platform = await createPlatform(config(), { logger: createLogger({ level: 'warn' }) });
    try {
      printDemo(await platform.services.auth.seedDemo(), true);
    } finally {
      await platform.shutdown('seed');
    }
  });

program
  .command('create-admin')
  .description('create an operator with the admin role; prints the TOTP enrolment URI once')
  .requiredOption('--email <email>', "the admin's email")
  .option('--password <password>', 'at least 10 characters; read from MANABEE_ADMIN_PASSWORD when omitted')
  .action(async (options: { email: string; password?: string }) => {
    const password = options.password ?? process.env.MANABEE_ADMIN_PASSWORD;
    if (!password) throw new Error('give --password or set MANABEE_ADMIN_PASSWORD');
    const platform = await createPlatform(config(), { logger: createLogger({ level: 'warn' }) });
    try {
      const admin = await platform.services.auth.createAdmin({ email: options.email, password });
      process.stdout.write(
        `admin created: ${admin.userId}\nscan this in an authenticator app (shown once):\n${admin.totpUri}\n`,
      );
    } finally {
      await platform.shutdown('create-admin');
    }
  });

program
  .command('doctor')
  .description('check configuration and connectivity; say which parts are embedded and which are real')
  .action(async () => {
    const ok = await runDoctor(process.env);
    process.exit(ok ? 0 : 1);
  });

const audit = program.command('audit').description('audit log tools');
audit
  .command('verify')
  .description('recompute the hash chain and report edited or deleted entries')
  .action(async () => {
    const cfg = config();
    const platform = await createPlatform(cfg, { logger: createLogger({ level: 'warn' }) });
    try {
      const result = await platform.services.audit.verify();
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      process.exitCode = result.ok ? 0 : 2;
    } finally {
      await platform.shutdown('audit verify');
    }
  });

program
  .command('tutor')
  .description('talk to the tutor through the same routing the chat uses')
  .command('ask')
  .argument('<question>', 'the question, e.g. "23+48は？"')
  .option('--grade <n>', 'school grade 1-9', '3')
  .option('--lang <lang>', 'ja | en | zh-Hans | zh-Hant | ko | es', 'ja')
  .action(async (question: string, options: { grade: string; lang: string }) => {
    const cfg = config();
    const platform = await createPlatform(cfg, { logger: createLogger({ level: 'warn' }) });
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    try {
      const lang = options.lang as Parameters<typeof runTutorAsk>[1]['lang'];
      for await (const piece of runTutorAsk(
        question,
        { grade: Number(options.grade), lang, signal: controller.signal },
        platform.services.ai,
      )) {
        process.stdout.write(piece);
      }
      process.stdout.write('\n');
    } finally {
      await platform.shutdown('tutor ask');
    }
  });

const safety = program.command('safety').description('child-safety tools');
safety
  .command('scan')
  .description('read {"text","lang"} JSON lines on stdin; write one verdict line each, in order')
  .action(async () => {
    // Exactly the scanner the chat uses: the active keyword lists from the database.
    const platform = await createPlatform(config(), { logger: createLogger({ level: 'warn' }) });
    try {
      const { createInterface } = await import('node:readline');
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of platform.services.safety.scanLines(lines)) {
        if (!process.stdout.write(`${line}\n`))
          await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
    } finally {
      await platform.shutdown('safety scan');
    }
  });

safety
  .command('export-feedback')
  .description(
    "write reviewers' feedback (false alarms as benign, missed messages with their category) as training JSONL",
  )
  .option('--out <file>', 'default: services/safety/training/feedback/feedback-YYYY-MM-DD.jsonl')
  .option('--only-new', 'only rows not exported before, and mark them exported (appends to the file)')
  .action(async (options: { out?: string; onlyNew?: boolean }) => {
    const out = path.resolve(
      options.out ??
        path.join(
          repoRoot,
          'services/safety/training/feedback',
          `feedback-${new Date().toISOString().slice(0, 10)}.jsonl`,
        ),
    );
    const platform = await createPlatform(config(), { logger: createLogger({ level: 'warn' }) });
    try {
      await mkdir(path.dirname(out), { recursive: true });
      // Rows taken by --only-new are marked exported: append, so a second run the same day loses none.
      const file = createWriteStream(out, { flags: options.onlyNew ? 'a' : 'w' });
      let count = 0;
      const lines = platform.services.safety.feedback.exportFeedbackAsSystem({
        onlyNew: options.onlyNew === true,
      });
      for await (const line of lines) {
        if (!file.write(line)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
        count++;
      }
      await new Promise<void>((resolve, reject) => {
        file.once('error', reject);
        file.end(() => resolve());
      });
      process.stdout.write(`${count} feedback line${count === 1 ? '' : 's'} written to ${out}\n`);
    } finally {
      await platform.shutdown('safety export-feedback');
    }
  });

/** Credentials go to the terminal once, never to the log. */
function printDemo(seed: Awaited<ReturnType<Platform['services']['auth']['seedDemo']>>, verbose: boolean) {
  if (!seed.created) {
    if (verbose) process.stdout.write(`${seed.message}\n`);
    return;
  }
  const lines = [
    '',
    'Demo family created (these passwords are shown only once):',
    `  parent    ${seed.parent.email}  password ${seed.parent.password}`,
    `  family code ${seed.familyCode}`,
    ...seed.children.map((child) => `  child     ${child.nickname} (grade ${child.grade})  PIN ${child.pin}`),
    `  teacher   ${seed.teacher.email}  password ${seed.teacher.password}`,
    `  operator  ${seed.operator.email}  password ${seed.operator.password}`,
    `            TOTP: ${seed.operator.totpUri}`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

program.parseAsync(process.argv).catch((error) => {
  process.stderr.write(`manabee: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
