import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A request a fake provider received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * One local HTTP server standing in for SendGrid, Twilio, Web Push endpoints
 * and FCM (with its OAuth token endpoint). Each path prefix answers from a
 * script (one response per request, the last repeats), and every request is kept.
 */
export class FakeProviders {
  readonly received: Received[] = [];
  private readonly scripts = new Map<string, ScriptedResponse[]>();
  private server: Server | undefined;
  private counter = 0;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        this.received.push({
          method: request.method ?? 'GET',
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        const answer = this.answer(path);
        response.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Responses for requests whose path starts with `prefix`, in order; the last one repeats. */
  script(prefix: string, responses: ScriptedResponse[]): void {
    this.scripts.set(prefix, [...responses]);
  }

  requests(prefix: string): Received[] {
    return this.received.filter((request) => request.path.startsWith(prefix));
  }

  reset(): void {
    this.received.length = 0;
    this.scripts.clear();
  }

  private answer(path: string): ScriptedResponse {
    for (const [prefix, responses] of this.scripts) {
      if (!path.startsWith(prefix)) continue;
      return responses.length > 1 ? responses.shift()! : responses[0]!;
    }
    this.counter += 1;
    const id = String(this.counter).padStart(32, '0');
    if (path.startsWith('/v3/mail/send')) return { status: 202, headers: { 'x-message-id': `sg${id}` } };
    if (path.includes('/Messages.json')) return { status: 201, body: { sid: `SM${id}`, status: 'queued' } };
    if (path.startsWith('/token'))
      return { status: 200, body: { access_token: 'fake-access', expires_in: 3600 } };
    if (path.includes('/messages:send')) return { status: 200, body: { name: `projects/p/messages/${id}` } };
    if (path.startsWith('/push/'))
      return { status: 201, headers: { location: `${this.url}/push/msg/${id}` } };
    return { status: 404, body: { error: 'no such fake route' } };
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  receivedAt: number;
}

/** A real SMTP server (the `smtp-server` package) on 127.0.0.1, keeping every message. */
export class FakeSmtp {
  readonly messages: ReceivedMail[] = [];
  /** Recipients the server refuses with 550. */
  readonly rejected = new Set<string>();
  private server: SMTPServer | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      onRcptTo: (address, _session, callback) => {
        if (this.rejected.has(address.address)) {
          const error = new Error('mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString('utf8'),
            receivedAt: performance.now(),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.server.address() as AddressInfo).port;
    this.url = `smtp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
