import { aiConfigSchema, aiSecretVariables } from '@manabee/ai';
import { type ConfigWith, loadConfig } from '@manabee/kernel';

/** The services' own variables, validated with the kernel's in one pass. */
export const configExtensions = {
  ai: { schema: aiConfigSchema, secrets: aiSecretVariables },
};

export type ServerConfig = ConfigWith<typeof configExtensions>;

export function loadServerConfig(
  env: Record<string, string | undefined> = process.env,
  options: { dotenvPath?: string | false } = {},
): ServerConfig {
  return loadConfig(env, { ...options, extensions: configExtensions });
}
