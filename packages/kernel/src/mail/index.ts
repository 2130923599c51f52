import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { newId } from '../ids';

/**
 * Moves finished messages. Templates, preferences and retries belong to the
 * notification service; this is only the wire.
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export interface MailReceipt {
  messageId: string;
  accepted: boolean;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'files';
  send(message: MailMessage): Promise<MailReceipt>;
  verify(): Promise<void>;
  close(): Promise<void>;
}

export interface MailOptions {
  smtpUrl?: string | undefined;
  from: string;
  /** Where `.eml` files go when no SMTP server is configured. */
  outboxDir: string;
}

export function createMailTransport(options: MailOptions): MailTransport {
  if (options.smtpUrl) {
    const transporter = nodemailer.createTransport(options.smtpUrl);
    return {
      kind: 'smtp',
      async send(message) {
        const info = await transporter.sendMail({ from: options.from, ...message });
        return { messageId: info.messageId, accepted: info.accepted.length > 0 };
      },
      async verify() {
        await transporter.verify();
      },
      async close() {
        transporter.close();
      },
    };
  }
  // Embedded: render the exact RFC 5322 message nodemailer would send, and keep
  // it as a file that the admin console and the end-to-end tests can read.
  const streamer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'files',
    async send(message) {
      const info = await streamer.sendMail({ from: options.from, ...message });
      const id = newId('eml');
      await mkdir(options.outboxDir, { recursive: true });
      await writeFile(path.join(options.outboxDir, `${id}.eml`), info.message as Buffer);
      return { messageId: info.messageId, accepted: true };
    },
    async verify() {
      await mkdir(options.outboxDir, { recursive: true });
    },
    async close() {},
  };
}

export interface StoredMail {
  file: string;
  raw: string;
}

/** Newest first: the embedded outbox as written by the files transport. */
export async function listStoredMail(outboxDir: string, limit = 50): Promise<StoredMail[]> {
  let files: string[];
  try {
    files = (await readdir(outboxDir)).filter((file) => file.endsWith('.eml'));
  } catch {
    return [];
  }
  files.sort().reverse();
  return Promise.all(
    files
      .slice(0, limit)
      .map(async (file) => ({ file, raw: await readFile(path.join(outboxDir, file), 'utf8') })),
  );
}
