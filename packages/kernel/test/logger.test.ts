import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

describe('logger redaction', () => {
  it('removes credentials, contact data and child text at any depth', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        headers: { authorization: 'Bearer abc.def', cookie: 'sid=xyz' },
        user: { email: 'mother@example.jp', password: 'hunter2hunter2' },
        message: { text: 'ぼくの住所は東京都…', childId: 'chd_1' },
        nested: { deeper: { token: 'tok_secret', pin: '4821' } },
      },
      'login by mother@example.jp',
    );
    const line = lines.join('');
    for (const secret of [
      'abc.def',
      'sid=xyz',
      'mother@example.jp',
      'hunter2hunter2',
      '住所',
      'tok_secret',
      '4821',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('chd_1');
    expect(JSON.parse(line).msg).toBe('login by [redacted]');
  });

  it('masks passwords in URLs and emails inside error messages', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('cannot reach postgres://app:pw123@db/x for a@b.co') }, 'failed');
    const line = lines.join('');
    expect(line).not.toContain('pw123');
    expect(line).not.toContain('a@b.co');
    expect(line).toContain('failed');
  });

  it('keeps child loggers and their metadata', () => {
    const { logger, lines } = capture();
    logger.child({ requestId: 'req-42' }).warn({ count: 3 }, 'slow');
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ requestId: 'req-42', count: 3, level: 'warn', msg: 'slow' });
  });
});
