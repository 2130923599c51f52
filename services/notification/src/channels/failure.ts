/**
 * How a provider said no. `permanent` failures (bad address, 4xx other than
 * 429, an expired push subscription) are recorded and never retried; the
 * rest are retried with backoff. `code` is a short provider code, never the
 * provider's message, which can echo addresses.
 */
export class DeliveryFailure extends Error {
  constructor(
    readonly provider: string,
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(`${provider} ${permanent ? 'refused' : 'failed'}: ${code}`);
    this.name = 'DeliveryFailure';
  }
}

/** Classifies an HTTP status the way every provider here means it. */
export function failureForStatus(provider: string, status: number, code?: string): DeliveryFailure {
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  return new DeliveryFailure(provider, code ?? `http_${status}`, permanent);
}

export interface SendReceipt {
  provider: string;
  providerMessageId: string | null;
}

const EMAIL =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export const isDeliverableEmail = (value: string | undefined): value is string =>
  typeof value === 'string' && value.length <= 254 && EMAIL.test(value);
export const isE164 = (value: string | undefined): value is string =>
  typeof value === 'string' && E164.test(value);

/** fetch with a deadline; network trouble is a transient failure of `provider`. */
export async function providerFetch(
  provider: string,
  url: string,
  init: RequestInit,
  signal: AbortSignal | undefined,
  timeoutMs = 15_000,
): Promise<Response> {
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    return await fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
  } catch {
    throw new DeliveryFailure(provider, 'network_error', false);
  }
}
