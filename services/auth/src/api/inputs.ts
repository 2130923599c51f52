/** Input shapes at the GraphQL edge: bounded lengths before any work is done. */
import { AppError, issuesFromZod } from '@manabee/kernel';
import { z } from 'zod';
import { LANGUAGES, OPERATOR_ROLES } from '../domain/index';

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION_FAILED', { issues: issuesFromZod(result.error) });
  return result.data;
}

const email = z.string().min(3).max(254);
const password = z.string().min(1).max(512);
const token = z.string().min(1).max(200);
export const id = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z]{2,8}_[0-9A-Za-z]{10,40}$/, 'not an id');

export const signUpInput = z.strictObject({
  email,
  password,
  locale: z.enum(LANGUAGES).optional(),
  timeZone: z.string().min(1).max(64).optional(),
});
export const logInInput = z.strictObject({ email, password, remember: z.boolean().optional() });
export const operatorLogInInput = z.strictObject({
  email,
  password,
  totpCode: z.string().max(16).optional(),
});
export const tokenInput = z.strictObject({ token });
export const emailInput = z.strictObject({ email });
export const resetPasswordInput = z.strictObject({ token, newPassword: password });
export const changePasswordInput = z.strictObject({ currentPassword: password, newPassword: password });

export const childInput = z.strictObject({
  nickname: z.string().min(1).max(80).optional(),
  birthYear: z.number().int().min(1900).max(2200).nullable().optional(),
  grade: z.number().int().min(1).max(12).nullable().optional(),
  language: z.enum(LANGUAGES).optional(),
  avatar: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, 'unknown avatar')
    .nullable()
    .optional(),
  pin: z.string().max(16).nullable().optional(),
  paused: z.boolean().optional(),
});
export const consentInput = z.strictObject({ childId: id, password });
export const controlsInput = z.strictObject({
  dailyMinutes: z.number().int().nullable(),
  dailyMessages: z.number().int().nullable(),
  allowedSubjects: z.array(z.string().max(32)).max(20),
  quietHours: z.array(z.strictObject({ start: z.string().max(5), end: z.string().max(5) })).max(8),
});
export const pinSignInInput = z.strictObject({
  familyCode: z.string().min(1).max(40),
  nickname: z.string().min(1).max(80),
  pin: z.string().min(1).max(16),
});

const orgRole = z.enum(['teacher', 'org_admin']);
export const organizationInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  adminEmail: email,
});
export const inviteInput = z.strictObject({ orgId: id, email, role: orgRole.optional() });
export const acceptInvitationInput = z.strictObject({ token, password });
export const classroomInput = z.strictObject({ orgId: id, name: z.string().trim().min(1).max(120) });
export const linkRequestInput = z.strictObject({
  classroomId: id,
  familyCode: z.string().min(1).max(40),
  nickname: z.string().min(1).max(80),
});

export const blockInput = z.strictObject({ userId: id, reason: z.string().trim().min(1).max(500) });
export const rolesInput = z.strictObject({ userId: id, roles: z.array(z.enum(OPERATOR_ROLES)).max(3) });
export const searchInput = z.strictObject({ query: z.string().trim().min(2).max(100) });
export const accountSettingsInput = z.strictObject({
  locale: z
    .string()
    .min(2)
    .max(20)
    .nullish()
    .transform((v) => v ?? undefined),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .nullish()
    .transform((v) => v ?? undefined),
});
export const deleteFamilyInput = z.strictObject({
  password: z.string().min(1).max(1000),
  confirmation: z.string().trim().min(1).max(320),
});
export const resendVerificationInput = z.strictObject({ userId: id.nullish() });
export const revokeUserSessionsInput = z.strictObject({
  userId: id,
  includeDevices: z
    .boolean()
    .nullish()
    .transform((v) => v === true),
});
export const totpInput = z.strictObject({ code: z.string().min(1).max(16) });
