import { GoogleGenAI } from '@google/genai';
import type { ModelEvent, TutorModel, TutorModelRequest } from '../types';
import { classifyProviderError, kindForStatus, ProviderError, parseRetryAfter } from './provider-error';

/**
 * Google Gemini through `@google/genai`. `ApiError` carries no headers, so a
 * thin fetch wrapper remembers Retry-After per call; a fresh client per call
 * keeps that memory private to the call (clients are cheap to build).
 */
export class GeminiModel implements TutorModel {
  readonly provider: string;
  constructor(
    private readonly settings: {
      id?: string | undefined;
      apiKey: string;
      baseUrl?: string | undefined;
      timeoutMs?: number;
    },
    readonly model: string,
  ) {
    this.provider = settings.id ?? 'gemini';
  }

  async *stream(request: TutorModelRequest): AsyncIterable<ModelEvent> {
    let retryAfterMs: number | undefined;
    const rememberingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!response.ok) retryAfterMs = parseRetryAfter(response.headers);
      return response;
    };
    // No retryOptions: the SDK then makes exactly one attempt; routing retries.
    const client = new GoogleGenAI({
      apiKey: this.settings.apiKey,
      httpOptions: {
        ...(this.settings.baseUrl ? { baseUrl: this.settings.baseUrl } : {}),
        timeout: this.settings.timeoutMs ?? 120_000,
        fetch: rememberingFetch,
      },
    });
    let promptTokens = 0;
    let completionTokens = 0;
    let model = this.model;
    try {
      const stream = await client.models.generateContentStream({
        model: this.model,
        contents: request.messages.map((turn) => ({
          role: turn.role === 'assistant' ? 'model' : 'user',
          parts: [{ text: turn.text }],
        })),
        config: {
          systemInstruction: request.system,
          maxOutputTokens: request.maxTokens,
          ...(request.signal ? { abortSignal: request.signal } : {}),
        },
      });
      for await (const chunk of stream) {
        if (chunk.modelVersion) model = chunk.modelVersion;
        if (chunk.usageMetadata) {
          promptTokens = chunk.usageMetadata.promptTokenCount ?? promptTokens;
          completionTokens = chunk.usageMetadata.candidatesTokenCount ?? completionTokens;
        }
        const text = chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('');
        if (text) yield { type: 'token', text };
      }
    } catch (error) {
      const classified = classifyProviderError(this.provider, error, request.signal);
      if (classified.status !== undefined && retryAfterMs !== undefined) {
        throw new ProviderError(this.provider, kindForStatus(classified.status), {
          status: classified.status,
          retryAfterMs,
          cause: error,
        });
      }
      throw classified;
    }
    if (request.signal?.aborted) throw new ProviderError(this.provider, 'aborted');
    yield { type: 'done', usage: { promptTokens, completionTokens }, model };
  }
}
