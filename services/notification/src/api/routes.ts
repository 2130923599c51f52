import { createVerify } from 'node:crypto';
import { AppError, type Clock, issuesFromZod, sendProblem } from '@manabee/kernel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import { escapeHtml } from '../domain/render';
import { verifyUnsubscribe } from '../domain/unsubscribe';
import type { NotificationDeps } from '../ports';
import { recordProviderStatus, setPreference } from '../store';

const MAX_WEBHOOK_EVENTS = 1_000;

const sendgridEvents = z
  .array(
    z.looseObject({
      event: z.string().min(1).max(64),
      sg_message_id: z.string().min(1).max(256).optional(),
      type: z.string().max(64).optional(),
    }),
  )
  .min(1)
  .max(MAX_WEBHOOK_EVENTS);

const twilioStatus = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  MessageStatus: z.enum([
    'accepted',
    'scheduled',
    'queued',
    'sending',
    'sent',
    'delivered',
    'undelivered',
    'failed',
    'read',
    'canceled',
    'receiving',
    'received',
    'partially_delivered',
  ]),
  ErrorCode: z
    .string()
    .regex(/^\d{1,6}$/)
    .optional(),
});

/**
 * REST routes: RFC 8058 one-click unsubscribe and provider status webhooks.
 * Registered in their own scope so their body parsers (form bodies, raw JSON
 * for signature checks) do not change anyone else's routes.
 */
export function notificationRoutes(deps: NotificationDeps, clock: Clock) {
  const { config } = deps;
  const db = deps.database.db;
  const log = deps.logger.child({ component: 'notification.routes' });
  const base = config.publicUrl.replace(/\/$/, '');

  return async (app: FastifyInstance) => {
    await app.register(async (scope) => {
      scope.removeContentTypeParser(['application/json']);
      scope.addContentTypeParser(
        ['application/json', 'application/x-www-form-urlencoded'],
        { parseAs: 'string', bodyLimit: 1_048_576 },
        (_request, body, done) => done(null, body),
      );

      scope.get('/api/notifications/unsubscribe', async (request, reply) => {
        const token = (request.query as { token?: unknown }).token;
        if (!verifyUnsubscribe(token, config.unsubscribeSecret)) {
          return sendProblem(
            request,
            reply,
            new AppError('FORBIDDEN', { detail: 'This unsubscribe link is not valid' }),
          );
        }
        // A GET never unsubscribes: link scanners follow links. The form POSTs the same URL.
        const action = `/api/notifications/unsubscribe?token=${encodeURIComponent(String(token))}`;
        return reply
          .type('text/html; charset=utf-8')
          .send(`<!doctype html><html><head><meta charset="utf-8"><title>Manabee</title></head><body>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">配信を停止する / Unsubscribe</button></form></body></html>`);
      });

      scope.post('/api/notifications/unsubscribe', async (request, reply) => {
        const token = (request.query as { token?: unknown }).token ?? formField(request, 'token');
        const claim = verifyUnsubscribe(token, config.unsubscribeSecret);
        if (!claim) {
          return sendProblem(
            request,
            reply,
            new AppError('FORBIDDEN', { detail: 'This unsubscribe link is not valid' }),
          );
        }
        if (claim.category === 'account') {
          return sendProblem(
            request,
            reply,
            new AppError('BAD_REQUEST', { detail: 'Account mail cannot be switched off' }),
          );
        }
        await setPreference(db, claim.userId, claim.category, 'email', false, clock.now());
        log.info({ userId: claim.userId, category: claim.category }, 'unsubscribed from email');
        return reply.code(200).send({ unsubscribed: true, category: claim.category });
      });

      scope.post('/api/notifications/webhooks/sendgrid', async (request, reply) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const publicKey = config.sendgrid?.webhookPublicKey;
        if (publicKey && !validSendgridSignature(request, raw, publicKey)) {
          return sendProblem(
            request,
            reply,
            new AppError('UNAUTHENTICATED', { detail: 'Bad webhook signature' }),
          );
        }
        const parsed = sendgridEvents.safeParse(parseJson(raw));
        if (!parsed.success) {
          return sendProblem(
            request,
            reply,
            new AppError('VALIDATION_FAILED', { issues: issuesFromZod(parsed.error).slice(0, 20) }),
          );
        }
        let updated = 0;
        for (const event of parsed.data) {
          const outcome = sendgridOutcome(event.event);
          if (!outcome || !event.sg_message_id) continue;
          // sg_message_id is "<X-Message-Id>.<filter suffix>"; we stored the X-Message-Id.
          const messageId = event.sg_message_id.split('.')[0]!;
          const code = outcome === 'failed' ? `sendgrid_${event.event}`.slice(0, 64) : null;
          updated += await recordProviderStatus(db, 'sendgrid', messageId, outcome, code, clock.now());
        }
        return reply.code(200).send({ received: parsed.data.length, updated });
      });

      scope.post('/api/notifications/webhooks/twilio', async (request, reply) => {
        if (!config.twilio)
          return sendProblem(request, reply, new AppError('NOT_FOUND', { detail: 'SMS is not configured' }));
        const params = Object.fromEntries(
          new URLSearchParams(typeof request.body === 'string' ? request.body : ''),
        );
        const signature = request.headers['x-twilio-signature'];
        const url = `${base}/api/notifications/webhooks/twilio`;
        if (
          typeof signature !== 'string' ||
          !twilio.validateRequest(config.twilio.authToken, signature, url, params)
        ) {
          return sendProblem(
            request,
            reply,
            new AppError('UNAUTHENTICATED', { detail: 'Bad webhook signature' }),
          );
        }
        const parsed = twilioStatus.safeParse(params);
        if (!parsed.success) {
          return sendProblem(
            request,
            reply,
            new AppError('VALIDATION_FAILED', { issues: issuesFromZod(parsed.error) }),
          );
        }
        const status = parsed.data.MessageStatus;
        const outcome =
          status === 'delivered'
            ? 'delivered'
            : status === 'failed' || status === 'undelivered'
              ? 'failed'
              : null;
        const updated = outcome
          ? await recordProviderStatus(
              db,
              'twilio',
              parsed.data.MessageSid,
              outcome,
              outcome === 'failed' ? `twilio_${parsed.data.ErrorCode ?? status}` : null,
              clock.now(),
            )
          : 0;
        return reply.code(200).send({ updated });
      });
    });
  };
}

function formField(request: FastifyRequest, name: string): string | undefined {
  if (typeof request.body !== 'string') return undefined;
  return new URLSearchParams(request.body).get(name) ?? undefined;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function sendgridOutcome(event: string): 'delivered' | 'failed' | null {
  if (event === 'delivered') return 'delivered';
  if (event === 'bounce' || event === 'dropped' || event === 'blocked') return 'failed';
  return null;
}

/** https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features */
function validSendgridSignature(request: FastifyRequest, raw: string, publicKey: string): boolean {
  const signature = request.headers['x-twilio-email-event-webhook-signature'];
  const timestamp = request.headers['x-twilio-email-event-webhook-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || signature.length > 512) return false;
  try {
    const key = `-----BEGIN PUBLIC KEY-----\n${publicKey}\n-----END PUBLIC KEY-----`;
    return createVerify('sha256')
      .update(timestamp + raw)
      .verify(key, signature, 'base64');
  } catch {
    return false;
  }
}
