import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ModelEvent, TutorModel, TutorModelRequest } from '../types';
import { classifyProviderError, ProviderError } from './provider-error';

export interface OpenAiModelOptions {
  provider: string;
  client: OpenAI;
  model: string;
  /**
   * OpenAI's own API wants `max_completion_tokens`; Azure and most compatible
   * servers (Ollama, vLLM, llama.cpp) still read `max_tokens`.
   */
  tokenLimitField: 'max_completion_tokens' | 'max_tokens';
}

/** Chat Completions streaming, shared by OpenAI, Azure OpenAI and OpenAI-compatible servers. */
export class OpenAiChatModel implements TutorModel {
  readonly provider: string;
  readonly model: string;
  constructor(private readonly options: OpenAiModelOptions) {
    this.provider = options.provider;
    this.model = options.model;
  }

  async *stream(request: TutorModelRequest): AsyncIterable<ModelEvent> {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: request.system },
      ...request.messages.map((turn) => ({ role: turn.role, content: turn.text })),
    ];
    let promptTokens = 0;
    let completionTokens = 0;
    let model = this.model;
    try {
      const stream = await this.options.client.chat.completions.create(
        {
          model: this.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          [this.options.tokenLimitField]: request.maxTokens,
        },
        { signal: request.signal },
      );
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) {
          promptTokens = chunk.usage.prompt_tokens;
          completionTokens = chunk.usage.completion_tokens;
        }
        const text = chunk.choices[0]?.delta?.content;
        if (text) yield { type: 'token', text };
      }
    } catch (error) {
      throw classifyProviderError(this.provider, error, request.signal);
    }
    if (request.signal?.aborted) throw new ProviderError(this.provider, 'aborted');
    yield { type: 'done', usage: { promptTokens, completionTokens }, model };
  }
}

interface CommonSdkOptions {
  timeoutMs?: number;
}

// Routing owns retries and timeouts; the SDK's own would multiply them.
const sdkDefaults = (options: CommonSdkOptions) => ({ maxRetries: 0, timeout: options.timeoutMs ?? 120_000 });

export function openAiModel(settings: {
  id?: string | undefined;
  apiKey: string;
  model: string;
  baseUrl?: string | undefined;
  timeoutMs?: number;
}): OpenAiChatModel {
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl ?? null,
    ...sdkDefaults(settings),
  });
  return new OpenAiChatModel({
    provider: settings.id ?? 'openai',
    client,
    model: settings.model,
    tokenLimitField: 'max_completion_tokens',
  });
}

export function openAiCompatibleModel(settings: {
  id?: string | undefined;
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  timeoutMs?: number;
}): OpenAiChatModel {
  // Local servers usually ignore the key, but the SDK insists on one.
  const client = new OpenAI({
    apiKey: settings.apiKey ?? 'not-needed',
    baseURL: settings.baseUrl,
    ...sdkDefaults(settings),
  });
  return new OpenAiChatModel({
    provider: settings.id ?? 'openai-compatible',
    client,
    model: settings.model,
    tokenLimitField: 'max_tokens',
  });
}

export function azureOpenAiModel(settings: {
  id?: string | undefined;
  endpoint: string;
  apiKey: string;
  deployment: string;
  apiVersion: string;
  timeoutMs?: number;
}): OpenAiChatModel {
  const client = new AzureOpenAI({
    endpoint: settings.endpoint,
    apiKey: settings.apiKey,
    deployment: settings.deployment,
    apiVersion: settings.apiVersion,
    ...sdkDefaults(settings),
  });
  return new OpenAiChatModel({
    provider: settings.id ?? 'azure',
    client,
    model: settings.deployment,
    tokenLimitField: 'max_tokens',
  });
}
