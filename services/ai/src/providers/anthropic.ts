import Anthropic from '@anthropic-ai/sdk';
import type { ModelEvent, TutorModel, TutorModelRequest } from '../types';
import { classifyProviderError, ProviderError } from './provider-error';

/** Anthropic Messages API, streamed as server-sent events. */
export class AnthropicModel implements TutorModel {
  readonly provider: string;
  private readonly client: Anthropic;
  constructor(
    settings: { id?: string | undefined; apiKey: string; baseUrl?: string | undefined; timeoutMs?: number },
    readonly model: string,
  ) {
    this.provider = settings.id ?? 'anthropic';
    this.client = new Anthropic({
      apiKey: settings.apiKey,
      baseURL: settings.baseUrl ?? null,
      // Routing owns retries and timeouts.
      maxRetries: 0,
      timeout: settings.timeoutMs ?? 120_000,
    });
  }

  async *stream(request: TutorModelRequest): AsyncIterable<ModelEvent> {
    let promptTokens = 0;
    let completionTokens = 0;
    let model = this.model;
    try {
      const stream = await this.client.messages.create(
        {
          model: this.model,
          system: request.system,
          max_tokens: request.maxTokens,
          messages: request.messages.map((turn) => ({ role: turn.role, content: turn.text })),
          stream: true,
        },
        { signal: request.signal },
      );
      for await (const event of stream) {
        switch (event.type) {
          case 'message_start':
            model = event.message.model || model;
            promptTokens = event.message.usage.input_tokens;
            completionTokens = event.message.usage.output_tokens;
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta' && event.delta.text) {
              yield { type: 'token', text: event.delta.text };
            }
            break;
          case 'message_delta':
            // Cumulative, per the API reference; newer API versions repeat input tokens here.
            completionTokens = event.usage.output_tokens;
            if (event.usage.input_tokens) promptTokens = event.usage.input_tokens;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      throw classifyProviderError(this.provider, error, request.signal);
    }
    if (request.signal?.aborted) throw new ProviderError(this.provider, 'aborted');
    yield { type: 'done', usage: { promptTokens, completionTokens }, model };
  }
}
