import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@manabee/kernel';
import { describe, expect, it } from 'vitest';
import { configExtensions, loadServerConfig } from '../src/config';

describe('server configuration', () => {
  it('.env.example documents every service variable', () => {
    const example = readFileSync(path.resolve(import.meta.dirname, '../../../.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const keys = Object.values(configExtensions).flatMap((extension) => Object.keys(extension.schema.shape));
    expect(keys.filter((key) => !documented.has(key))).toEqual([]);
  });

  it("lists kernel and services' problems together, without secret values", () => {
    const secret = 'not-a-real-key-but-long-enough';
    try {
      loadServerConfig(
        { PORT: 'x', TWILIO_FROM: '090-1234', AI_MAX_RETRIES: 'many', TWILIO_AUTH_TOKEN: 'short' },
        { dotenvPath: false },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/TWILIO_FROM: must be an E\.164 number/);
      expect(problems).toMatch(/AI_MAX_RETRIES/);
      expect(problems).toMatch(/TWILIO_AUTH_TOKEN/);
      expect(problems).not.toContain(secret);
    }
  });
});
