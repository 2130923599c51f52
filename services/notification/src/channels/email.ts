import type { MailTransport } from '@manabee/kernel';
import { DeliveryFailure, failureForStatus, providerFetch, type SendReceipt } from './failure';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Echoed back by SendGrid's event webhook. */
  deliveryId: string;
}

export interface EmailChannel {
  readonly provider: 'smtp' | 'files' | 'sendgrid';
  send(message: OutgoingEmail, signal?: AbortSignal): Promise<SendReceipt>;
}

/** SMTP (or `.eml` files) through the kernel transport. */
export function kernelEmail(mail: MailTransport): EmailChannel {
  return {
    provider: mail.kind,
    async send(message) {
      try {
        const receipt = await mail.send({
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
        });
        if (!receipt.accepted) throw new DeliveryFailure(mail.kind, 'recipient_rejected', true);
        return { provider: mail.kind, providerMessageId: receipt.messageId };
      } catch (error) {
        if (error instanceof DeliveryFailure) throw error;
        // nodemailer: a 5xx reply is the server's final word (unknown mailbox, policy); 4xx and
        // connection errors may pass.
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        if (typeof responseCode === 'number') {
          throw new DeliveryFailure(mail.kind, `smtp_${responseCode}`, responseCode >= 500);
        }
        throw new DeliveryFailure(mail.kind, 'smtp_unavailable', false);
      }
    },
  };
}

/** SendGrid v3 mail send (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send). */
export function sendgridEmail(options: { apiKey: string; baseUrl?: string; from: string }): EmailChannel {
  const baseUrl = (options.baseUrl ?? 'https://api.sendgrid.com').replace(/\/$/, '');
  return {
    provider: 'sendgrid',
    async send(message, signal) {
      const response = await providerFetch(
        'sendgrid',
        `${baseUrl}/v3/mail/send`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            personalizations: [{ to: [{ email: message.to }] }],
            from: parseFrom(options.from),
            subject: message.subject,
            content: [
              { type: 'text/plain', value: message.text },
              { type: 'text/html', value: message.html },
            ],
            headers: message.headers,
            custom_args: { delivery_id: message.deliveryId },
          }),
        },
        signal,
      );
      await response.arrayBuffer();
      if (response.status !== 202 && response.status !== 200)
        throw failureForStatus('sendgrid', response.status);
      return { provider: 'sendgrid', providerMessageId: response.headers.get('x-message-id') };
    },
  };
}

function parseFrom(from: string): { email: string; name?: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  if (!match) return { email: from.trim() };
  return match[1] ? { email: match[2]!, name: match[1].replace(/^"|"$/g, '') } : { email: match[2]! };
}
