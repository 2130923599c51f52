/** Typed operations of the auth service's GraphQL API (services/auth/src/api/schema.ts). */
import type { GraphQLClient } from './client';

export const LANGUAGES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const SUBJECTS = [
  'math',
  'japanese',
  'english',
  'science',
  'social_studies',
  'music',
  'art',
  'pe',
  'programming',
  'other',
] as const;
export type Subject = (typeof SUBJECTS)[number];

export const AVATARS = ['bee', 'cat', 'dog', 'rabbit', 'panda', 'fox', 'owl', 'penguin'] as const;

export interface Me {
  id: string;
  role: string;
  email: string | null;
  emailVerified: boolean | null;
  familyId: string | null;
  childId: string | null;
  nickname: string | null;
  locale: string | null;
}

export type ConsentStatus = 'valid' | 'missing' | 'outdated' | 'withdrawn';

export interface Child {
  id: string;
  nickname: string;
  birthYear: number | null;
  grade: number | null;
  language: Language;
  avatar: string | null;
  paused: boolean;
  hasPin: boolean;
  consent: ConsentStatus;
}

export interface ChildInput {
  nickname?: string;
  birthYear?: number | null;
  grade?: number | null;
  language?: Language;
  avatar?: string | null;
  pin?: string | null;
  paused?: boolean;
}

export interface QuietHours {
  start: string;
  end: string;
}

export interface ParentalControls {
  dailyMinutes: number | null;
  dailyMessages: number | null;
  allowedSubjects: string[];
  quietHours: QuietHours[];
}

export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface Device {
  id: string;
  childId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}

export interface DeviceLink {
  url: string;
  qrDataUrl: string;
  expiresAt: string;
}

export interface AccountSettings {
  locale: string;
  timeZone: string;
}

const ME = 'id role email emailVerified familyId childId nickname locale';
const CHILD = 'id nickname birthYear grade language avatar paused hasPin consent';
const CONTROLS = 'dailyMinutes dailyMessages allowedSubjects quietHours { start end }';

export const authApi = (client: GraphQLClient) => ({
  me: async () => (await client.request<{ me: Me | null }>(`query Me { me { ${ME} } }`)).me,
  signUp: async (input: { email: string; password: string; locale: string; timeZone: string }) =>
    (
      await client.request<{ signUp: { message: string } }>(
        'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { message } }',
        { input },
      )
    ).signUp.message,
  verifyEmail: async (token: string) =>
    (
      await client.request<{ verifyEmail: boolean }>(
        'mutation Verify($token: String!) { verifyEmail(token: $token) }',
        { token },
      )
    ).verifyEmail,
  logIn: async (input: { email: string; password: string; remember: boolean }) =>
    (
      await client.request<{ logIn: { me: Me } }>(
        `mutation LogIn($input: LogInInput!) { logIn(input: $input) { me { ${ME} } } }`,
        { input },
      )
    ).logIn.me,
  logOut: async () => (await client.request<{ logOut: boolean }>('mutation { logOut }')).logOut,
  requestPasswordReset: async (email: string) =>
    (
      await client.request<{ requestPasswordReset: { message: string } }>(
        'mutation Reset($email: String!) { requestPasswordReset(email: $email) { message } }',
        { email },
      )
    ).requestPasswordReset.message,
  resetPassword: async (token: string, newPassword: string) =>
    (
      await client.request<{ resetPassword: boolean }>(
        'mutation ResetPassword($token: String!, $newPassword: String!) { resetPassword(token: $token, newPassword: $newPassword) }',
        { token, newPassword },
      )
    ).resetPassword,
  unlockAccount: async (token: string) =>
    (
      await client.request<{ unlockAccount: boolean }>(
        'mutation Unlock($token: String!) { unlockAccount(token: $token) }',
        { token },
      )
    ).unlockAccount,
  /** What mail, notifications and quiet hours use (the app's own language stays in this browser). */
  accountSettings: async () =>
    (await client.request<{ me: AccountSettings | null }>('query Settings { me { locale timeZone } }')).me,
  updateAccountSettings: async (settings: AccountSettings) =>
    (
      await client.request<{ updateAccountSettings: AccountSettings }>(
        'mutation Settings($l: String, $z: String) { updateAccountSettings(locale: $l, timeZone: $z) { locale timeZone } }',
        { l: settings.locale, z: settings.timeZone },
      )
    ).updateAccountSettings,
  changePassword: async (currentPassword: string, newPassword: string) =>
    client.request<{ changePassword: { sessionExpiresAt: string } }>(
      'mutation Change($currentPassword: String!, $newPassword: String!) { changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { sessionExpiresAt } }',
      { currentPassword, newPassword },
    ),
  sessions: async () =>
    (
      await client.request<{ sessions: Session[] }>(
        'query { sessions { id createdAt lastSeenAt expiresAt ip userAgent current } }',
      )
    ).sessions,
  revokeSession: async (id: string) =>
    client.request<{ revokeSession: boolean }>('mutation Revoke($id: ID!) { revokeSession(id: $id) }', {
      id,
    }),
  children: async () =>
    (await client.request<{ children: Child[] }>(`query { children { ${CHILD} } }`)).children,
  child: async (id: string) =>
    (await client.request<{ child: Child }>(`query Child($id: ID!) { child(id: $id) { ${CHILD} } }`, { id }))
      .child,
  addChild: async (input: ChildInput) =>
    (
      await client.request<{ addChild: Child }>(
        `mutation Add($input: ChildInput!) { addChild(input: $input) { ${CHILD} } }`,
        { input },
      )
    ).addChild,
  updateChild: async (id: string, input: ChildInput) =>
    (
      await client.request<{ updateChild: Child }>(
        `mutation Update($id: ID!, $input: ChildInput!) { updateChild(id: $id, input: $input) { ${CHILD} } }`,
        { id, input },
      )
    ).updateChild,
  giveConsent: async (childId: string, password: string) =>
    (
      await client.request<{ giveConsent: string }>(
        'mutation Consent($childId: ID!, $password: String!) { giveConsent(childId: $childId, password: $password) }',
        { childId, password },
      )
    ).giveConsent,
  withdrawConsent: async (childId: string) =>
    (
      await client.request<{ withdrawConsent: string }>(
        'mutation Withdraw($childId: ID!) { withdrawConsent(childId: $childId) }',
        { childId },
      )
    ).withdrawConsent,
  parentalControls: async (childId: string) =>
    (
      await client.request<{ parentalControls: ParentalControls }>(
        `query Controls($childId: ID!) { parentalControls(childId: $childId) { ${CONTROLS} } }`,
        { childId },
      )
    ).parentalControls,
  updateParentalControls: async (childId: string, input: ParentalControls) =>
    (
      await client.request<{ updateParentalControls: ParentalControls }>(
        `mutation SetControls($childId: ID!, $input: ParentalControlsInput!) { updateParentalControls(childId: $childId, input: $input) { ${CONTROLS} } }`,
        { childId, input },
      )
    ).updateParentalControls,
  familyCode: async () =>
    (await client.request<{ family: { hasFamilyCode: boolean } }>('query { family { hasFamilyCode } }'))
      .family,
  regenerateFamilyCode: async () =>
    (await client.request<{ regenerateFamilyCode: string }>('mutation { regenerateFamilyCode }'))
      .regenerateFamilyCode,
  devices: async () =>
    (
      await client.request<{ devices: Device[] }>(
        'query { devices { id childId createdAt lastSeenAt expiresAt userAgent } }',
      )
    ).devices,
  issueDeviceLink: async (childId: string) =>
    (
      await client.request<{ issueDeviceLink: DeviceLink }>(
        'mutation Link($childId: ID!) { issueDeviceLink(childId: $childId) { url qrDataUrl expiresAt } }',
        { childId },
      )
    ).issueDeviceLink,
  revokeDevice: async (id: string) =>
    client.request<{ revokeDevice: boolean }>('mutation RevokeDevice($id: ID!) { revokeDevice(id: $id) }', {
      id,
    }),
  childSignInWithLink: async (token: string) =>
    (
      await client.request<{ childSignInWithLink: { me: Me } }>(
        `mutation ChildLink($token: String!) { childSignInWithLink(token: $token) { me { ${ME} } } }`,
        { token },
      )
    ).childSignInWithLink.me,
  childSignInWithPin: async (familyCode: string, nickname: string, pin: string) =>
    (
      await client.request<{ childSignInWithPin: { me: Me } }>(
        `mutation ChildPin($familyCode: String!, $nickname: String!, $pin: String!) { childSignInWithPin(familyCode: $familyCode, nickname: $nickname, pin: $pin) { me { ${ME} } } }`,
        { familyCode, nickname, pin },
      )
    ).childSignInWithPin.me,
});

export type AuthApi = ReturnType<typeof authApi>;
