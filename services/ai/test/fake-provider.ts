import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Wire formats spoken by the fakes, byte for byte as the real APIs stream them. */
export type WireFormat = 'openai' | 'anthropic' | 'gemini';

export type FakeReply =
  | {
      kind: 'stream';
      tokens: string[];
      usage?: { prompt: number; completion: number };
      /** Pause between frames. */
      delayMs?: number;
      /** Stop sending (but keep the connection open) after this many tokens. */
      stallAfterTokens?: number;
      /** Send a frame that is not JSON after this many tokens. */
      malformedAfterTokens?: number;
    }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown };

export interface FakeProvider {
  url: string;
  /** Requests received, with their parsed JSON bodies. */
  requests: Array<{ path: string; body: Record<string, unknown> }>;
  /** Responses the client hung up on before they finished. */
  clientAborts: number;
  /** Replies used in order; the last one repeats. */
  reply(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function frames(format: WireFormat, model: string) {
  switch (format) {
    case 'openai':
      return {
        start: [] as string[],
        token: (text: string) =>
          `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`,
        end: (usage: { prompt: number; completion: number }) => [
          `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
          `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } })}\n\n`,
          'data: [DONE]\n\n',
        ],
        malformed: 'data: {"id":"chatcmpl-1","choices":[{"delta":{"content":"oops"\n\n',
      };
    case 'anthropic': {
      const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
      return {
        start: [
          event('message_start', {
            type: 'message_start',
            message: {
              id: 'msg_1',
              type: 'message',
              role: 'assistant',
              model,
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 11, output_tokens: 1 },
            },
          }),
          event('content_block_start', {
            type: 'content_block_start',
            index: 0,
            content_block: { type: 'text', text: '' },
          }),
        ],
        token: (text: string) =>
          event('content_block_delta', {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text },
          }),
        end: (usage: { prompt: number; completion: number }) => [
          event('content_block_stop', { type: 'content_block_stop', index: 0 }),
          event('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: 'end_turn', stop_sequence: null },
            usage: { output_tokens: usage.completion },
          }),
          event('message_stop', { type: 'message_stop' }),
        ],
        malformed: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":\n\n',
      };
    }
    case 'gemini':
      return {
        start: [] as string[],
        token: (text: string) =>
          `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0 }], modelVersion: model })}\r\n\r\n`,
        end: (usage: { prompt: number; completion: number }) => [
          `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: usage.prompt, candidatesTokenCount: usage.completion, totalTokenCount: usage.prompt + usage.completion }, modelVersion: model })}\r\n\r\n`,
        ],
        malformed: 'data: {"candidates":[{"content":\r\n\r\n',
      };
  }
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of request) text += chunk;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export async function startFakeProvider(format: WireFormat, model = 'fake-model'): Promise<FakeProvider> {
  let script: FakeReply[] = [{ kind: 'stream', tokens: ['Hello', ' there'] }];
  let served = 0;
  const wire = frames(format, model);
  const fake: FakeProvider = {
    url: '',
    requests: [],
    clientAborts: 0,
    reply: (...replies) => {
      script = replies;
      served = 0;
    },
    close: async () => {},
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const body = await readBody(request);
    fake.requests.push({ path: request.url ?? '', body });
    const reply = script[Math.min(served, script.length - 1)]!;
    served += 1;
    response.on('close', () => {
      if (!response.writableFinished) fake.clientAborts += 1;
    });
    if (reply.kind === 'status') {
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(
        JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}`, type: 'error' } }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const frame of wire.start) response.write(frame);
    for (const [index, token] of reply.tokens.entries()) {
      if (reply.stallAfterTokens === index) return; // keep the socket open, send nothing more
      if (reply.malformedAfterTokens === index) {
        response.end(wire.malformed);
        return;
      }
      if (reply.delayMs) await sleep(reply.delayMs);
      if (response.destroyed) return;
      response.write(wire.token(token));
    }
    if (reply.stallAfterTokens === reply.tokens.length) return;
    for (const frame of wire.end(reply.usage ?? { prompt: 11, completion: reply.tokens.length }))
      response.write(frame);
    response.end();
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return fake;
}
