import type { AiSettings, ProviderSettings } from '../config';
import type { TutorModel } from '../types';
import { AnthropicModel } from './anthropic';
import { GeminiModel } from './gemini';
import { OfflineTutorModel } from './offline';
import { azureOpenAiModel, openAiCompatibleModel, openAiModel } from './openai';

export { ProviderError } from './provider-error';

function required(
  settings: ProviderSettings,
  field: 'apiKey' | 'baseUrl' | 'endpoint' | 'deployment',
): string {
  const value = settings[field];
  if (!value) throw new Error(`AI provider ${settings.id ?? settings.kind} needs ${field}`);
  return value;
}

/** One model per configured provider, keyed by routing id; `offline` is always present. */
export function buildModels(settings: AiSettings): Map<string, TutorModel> {
  const models = new Map<string, TutorModel>();
  // SDK-level timeout as a last resort; routing's own timeouts are tighter.
  const timeoutMs = settings.totalTimeoutMs + 5_000;
  for (const provider of settings.providers) {
    const id = provider.id ?? provider.kind;
    if (models.has(id)) throw new Error(`AI provider id "${id}" is configured twice`);
    models.set(id, createModel(id, provider, settings, timeoutMs));
  }
  if (!models.has('offline')) models.set('offline', new OfflineTutorModel(settings.offlineTokenDelayMs));
  return models;
}

function createModel(
  id: string,
  provider: ProviderSettings,
  settings: AiSettings,
  timeoutMs: number,
): TutorModel {
  switch (provider.kind) {
    case 'openai':
      return openAiModel({
        id,
        apiKey: required(provider, 'apiKey'),
        model: provider.model ?? 'gpt-4o-mini',
        baseUrl: provider.baseUrl,
        timeoutMs,
      });
    case 'openai-compatible':
      return openAiCompatibleModel({
        id,
        baseUrl: required(provider, 'baseUrl'),
        apiKey: provider.apiKey,
        model: provider.model ?? 'llama3.1',
        timeoutMs,
      });
    case 'azure':
      return azureOpenAiModel({
        id,
        endpoint: required(provider, 'endpoint'),
        apiKey: required(provider, 'apiKey'),
        deployment: required(provider, 'deployment'),
        apiVersion: provider.apiVersion ?? '2024-10-21',
        timeoutMs,
      });
    case 'anthropic':
      return new AnthropicModel(
        { id, apiKey: required(provider, 'apiKey'), baseUrl: provider.baseUrl, timeoutMs },
        provider.model ?? 'claude-3-5-haiku-latest',
      );
    case 'gemini':
      return new GeminiModel(
        { id, apiKey: required(provider, 'apiKey'), baseUrl: provider.baseUrl, timeoutMs },
        provider.model ?? 'gemini-2.0-flash',
      );
    case 'offline':
      return new OfflineTutorModel(settings.offlineTokenDelayMs);
  }
}
