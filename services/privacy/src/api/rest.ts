import { AppError, issuesFromZod, type RequestContext } from '@manabee/kernel';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Exports } from '../exports';

const params = z.strictObject({ id: z.string().regex(/^exp_[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an exp_ id') });

/** The export download: a plain GET the browser follows with the parent's session cookie. */
export function registerPrivacyRoutes(
  app: FastifyInstance,
  exports: Exports,
  contextOf: (request: FastifyRequest) => Promise<RequestContext>,
): void {
  app.get('/api/family/exports/:id/download', async (request, reply) => {
    const parsed = params.safeParse(request.params);
    if (!parsed.success) throw new AppError('VALIDATION_FAILED', { issues: issuesFromZod(parsed.error) });
    const context = await contextOf(request);
    const { fileName, text } = await exports.download(parsed.data.id, {
      principal: context.principal,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(text);
  });
}
