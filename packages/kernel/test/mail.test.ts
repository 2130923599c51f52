import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { createMailTransport, listStoredMail } from '../src/mail/index';

describe('mail transport', () => {
  it('writes .eml files when no SMTP server is configured', async () => {
    const outboxDir = mkdtempSync(path.join(tmpdir(), 'mail-'));
    const mail = createMailTransport({ from: 'Manabee <no-reply@manabee.local>', outboxDir });
    await mail.send({
      to: 'parent@example.jp',
      subject: 'メールアドレスの確認',
      text: 'こんにちは',
      html: '<p>こんにちは</p>',
    });
    const stored = await listStoredMail(outboxDir);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.raw).toMatch(/^To: parent@example\.jp$/m);
    expect(stored[0]!.raw).toMatch(/Content-Type: multipart\/alternative/);
  });

  it('delivers through a real SMTP server', async () => {
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk) => {
          data += chunk;
        });
        stream.on('end', () => {
          received.push(data);
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    const mail = createMailTransport({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Manabee <no-reply@manabee.local>',
      outboxDir: '/nonexistent',
    });
    try {
      await mail.verify();
      const receipt = await mail.send({ to: 'parent@example.jp', subject: 'Hello', text: 'Body text' });
      expect(receipt.accepted).toBe(true);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatch(/Subject: Hello/);
    } finally {
      await mail.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
