/**
 * Password hashing: Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1).
 * Verification of an unknown account still runs one Argon2 verify against a
 * dummy hash, so response time does not reveal whether an email is registered.
 */
import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` is a const enum, unusable under `isolatedModules`; its value is 2. */
const ARGON2ID = 2;

export const ARGON2_PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...ARGON2_PARAMETERS, algorithm: ARGON2ID });
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same work as a real verification, for accounts that do not exist. */
export async function spendVerificationTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('manabee-timing-equalizer-not-a-password');
  await verifyPassword(await dummyHash, password);
}
