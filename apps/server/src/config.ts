import { aiConfigSchema, aiSecretVariables } from '@manabee/ai';
import { type ConfigWith, loadConfig } from '@manabee/kernel';
import { safetyConfigSchema, safetySecretVariables } from '@manabee/safety';
import { z } from 'zod';

/** Delivery providers for notifications; each channel turns on when its variables are set. */
const notificationConfigSchema = z.object({
  SENDGRID_API_KEY: z.string().min(10).optional(),
  SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(10).optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(10).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number')
    .optional(),
  VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  VAPID_SUBJECT: z.string().min(5).default('mailto:support@manabee.local'),
  FCM_PROJECT_ID: z.string().min(1).optional(),
  FCM_CLIENT_EMAIL: z.email().optional(),
  FCM_PRIVATE_KEY: z.string().min(20).optional(),
});

/** The services' own variables, validated with the kernel's in one pass. */
export const configExtensions = {
  ai: { schema: aiConfigSchema, secrets: aiSecretVariables },
  safety: { schema: safetyConfigSchema, secrets: safetySecretVariables },
  notification: {
    schema: notificationConfigSchema,
    secrets: ['SENDGRID_API_KEY', 'TWILIO_AUTH_TOKEN', 'VAPID_PRIVATE_KEY', 'FCM_PRIVATE_KEY'],
  },
};

export type ServerConfig = ConfigWith<typeof configExtensions>;

export function loadServerConfig(
  env: Record<string, string | undefined> = process.env,
  options: { dotenvPath?: string | false } = {},
): ServerConfig {
  return loadConfig(env, { ...options, extensions: configExtensions });
}
