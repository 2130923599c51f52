import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { DeliveryFailure, type SendReceipt } from './failure';

export interface SmsChannel {
  send(to: string, body: string, statusCallback: string | undefined): Promise<SendReceipt>;
}

/**
 * The official SDK with its HTTP client pointed at `baseUrl` when given, so
 * tests (and a regional proxy) can stand in for api.twilio.com.
 */
class RedirectedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 15_000 });
  }
  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const original = new URL(options.uri);
    const target = new URL(`${original.pathname}${original.search}`, this.baseUrl);
    return super.request<TData>({ ...options, uri: target.toString() });
  }
}

export function twilioSms(options: {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
}): SmsChannel {
  const client = twilio(options.accountSid, options.authToken, {
    ...(options.baseUrl ? { httpClient: new RedirectedRequestClient(options.baseUrl) } : {}),
  });
  return {
    async send(to, body, statusCallback) {
      try {
        const message = await client.messages.create({
          to,
          from: options.from,
          body,
          ...(statusCallback ? { statusCallback } : {}),
        });
        return { provider: 'twilio', providerMessageId: message.sid };
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        const code = (error as { code?: unknown }).code;
        if (typeof status === 'number') {
          // 21211 invalid 'To', 21610 unsubscribed recipient, ...: 4xx means this message can never go.
          const permanent = status >= 400 && status < 500 && status !== 429;
          throw new DeliveryFailure(
            'twilio',
            typeof code === 'number' ? `twilio_${code}` : `http_${status}`,
            permanent,
          );
        }
        throw new DeliveryFailure('twilio', 'network_error', false);
      }
    },
  };
}
