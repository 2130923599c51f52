import { Readable } from 'node:stream';
import { AppError, issuesFromZod, type RequestContext } from '@manabee/kernel';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuditService } from '../index';
import { auditFilterSchema } from './graphql';

const exportQuery = auditFilterSchema.extend({ format: z.enum(['csv', 'json']).default('json') });

/**
 * GET /api/admin/audit/export?format=csv|json&actorId=...&from=...
 * Streams the whole matching log in constant memory (keyset pages), so an
 * export of millions of rows neither buffers nor times out a proxy.
 */
export function registerAuditRoutes(
  app: FastifyInstance,
  service: AuditService,
  contextOf: (request: import('fastify').FastifyRequest) => Promise<RequestContext>,
): void {
  app.get('/api/admin/audit/export', async (request, reply) => {
    const context = await contextOf(request);
    const parsed = exportQuery.safeParse(request.query);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', { issues: issuesFromZod(parsed.error) });
    const { format, ...filter } = parsed.data;
    const lines = await service.exportLines(context.principal, filter, format, {
      ip: context.ip,
      userAgent: context.userAgent,
    });
    const stamp = new Date().toISOString().slice(0, 10);
    reply
      .header(
        'content-type',
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      )
      .header('content-disposition', `attachment; filename="manabee-audit-${stamp}.${format}"`)
      .header('cache-control', 'no-store');
    return reply.send(Readable.from(lines));
  });
}
