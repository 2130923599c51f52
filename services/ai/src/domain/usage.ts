import type { PriceEntry } from '../config';
import type { TokenUsage } from '../types';

export interface Cost {
  /** Exact cost in millionths of a minor unit, so sums over a day stay exact. */
  microMinor: number;
  /** Whole minor units, rounded half up (usually 0 for one message). */
  minor: number;
  currency: string;
  /** False when no price row matched: the cost is reported as 0, not guessed. */
  priced: boolean;
}

/**
 * Model versions come back with dates appended (`gpt-4o-mini-2024-07-18`), so
 * an exact row wins, then the longest row the model starts with, then `*`.
 */
export function findPrice(
  prices: readonly PriceEntry[],
  provider: string,
  model: string,
): PriceEntry | undefined {
  const rows = prices.filter((row) => row.provider === provider);
  return (
    rows.find((row) => row.model === model) ??
    rows
      .filter((row) => row.model !== '*' && model.startsWith(row.model))
      .sort((a, b) => b.model.length - a.model.length)[0] ??
    rows.find((row) => row.model === '*')
  );
}

export function computeCost(
  prices: readonly PriceEntry[],
  provider: string,
  model: string,
  usage: TokenUsage,
  fallbackCurrency = 'USD',
): Cost {
  const price = findPrice(prices, provider, model);
  if (!price) return { microMinor: 0, minor: 0, currency: fallbackCurrency, priced: false };
  // A price per 1M tokens in minor units is, per token, exactly that many micro-minor units.
  const microMinor = Math.round(
    usage.promptTokens * price.inputMinorPerMillion + usage.completionTokens * price.outputMinorPerMillion,
  );
  return { microMinor, minor: microMinorToMinor(microMinor), currency: price.currency, priced: true };
}

export function microMinorToMinor(microMinor: number): number {
  return Math.floor((microMinor + 500_000) / 1_000_000);
}

/**
 * Rough token count for providers that report none (and the offline tutor):
 * a CJK character is about one token, other text about four characters a token.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}
