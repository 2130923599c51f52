/** A tiny GraphQL client for setting up state quickly from Node (cookie + CSRF header like the app). */
import { BASE_URL, newestMailLink, PASSWORD, uniqueEmail } from './support';

export class Api {
  private cookie = '';
  async call<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${BASE_URL}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-manabee-csrf': '1',
        origin: BASE_URL,
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length)
      throw new Error(`${query.slice(0, 60)}: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  }
}

/** A verified parent with one consented child without quiet hours; returns a fresh device link. */
export async function familyWithDeviceLink(language: 'ja' | 'en', nickname: string): Promise<string> {
  return (await familyWithChild(language, nickname)).deviceLink;
}

export interface FamilyWithChild {
  email: string;
  /** Signed in as the parent. */
  parent: Api;
  childId: string;
  deviceLink: string;
}

/** familyWithDeviceLink, keeping the parent's address, session and the child's id. */
export async function familyWithChild(language: 'ja' | 'en', nickname: string): Promise<FamilyWithChild> {
  const api = new Api();
  const email = uniqueEmail(`api-${language}`);
  await api.call('mutation($i: SignUpInput!) { signUp(input: $i) { message } }', {
    i: { email, password: PASSWORD, locale: language, timeZone: 'Asia/Tokyo' },
  });
  const link = await newestMailLink('/verify-email', email);
  const token = decodeURIComponent(link.split('#token=')[1] ?? '');
  await api.call('mutation($t: String!) { verifyEmail(token: $t) }', { t: token });
  await api.call('mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
    i: { email, password: PASSWORD },
  });
  const { addChild } = await api.call<{ addChild: { id: string } }>(
    'mutation($i: ChildInput!) { addChild(input: $i) { id } }',
    { i: { nickname, grade: 2, language } },
  );
  await api.call('mutation($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }', {
    c: addChild.id,
    p: PASSWORD,
  });
  const { parentalControls } = await api.call<{ parentalControls: { allowedSubjects: string[] } }>(
    'query($c: ID!) { parentalControls(childId: $c) { allowedSubjects } }',
    { c: addChild.id },
  );
  await api.call(
    'mutation($c: ID!, $i: ParentalControlsInput!) { updateParentalControls(childId: $c, input: $i) { dailyMinutes } }',
    {
      c: addChild.id,
      i: {
        dailyMinutes: null,
        dailyMessages: null,
        allowedSubjects: parentalControls.allowedSubjects,
        quietHours: [],
      },
    },
  );
  const { issueDeviceLink } = await api.call<{ issueDeviceLink: { url: string } }>(
    'mutation($c: ID!) { issueDeviceLink(childId: $c) { url } }',
    { c: addChild.id },
  );
  return { email, parent: api, childId: addChild.id, deviceLink: issueDeviceLink.url };
}

/** The child's device after opening a device link: a client with the child's session. */
export async function childDevice(deviceLink: string): Promise<Api> {
  const child = new Api();
  const token = decodeURIComponent(deviceLink.split('#token=')[1] ?? '');
  await child.call('mutation($t: String!) { childSignInWithLink(token: $t) { me { id } } }', { t: token });
  return child;
}

/** Polls `probe` every 500 ms until it gives a value. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A family whose child has asked `question` on its own device and got the
 * tutor's reply stored (the conversation holds both), through the real API.
 */
export async function familyWhoseChildAsked(
  language: 'ja' | 'en',
  nickname: string,
  question: string,
): Promise<{ family: FamilyWithChild; child: Api }> {
  const family = await familyWithChild(language, nickname);
  const child = await childDevice(family.deviceLink);
  const { sendMessage } = await child.call<{ sendMessage: { accepted: boolean } }>(
    'mutation($i: SendMessageInput!) { sendMessage(input: $i) { accepted } }',
    { i: { conversationId: null, text: question, subject: null } },
  );
  if (!sendMessage.accepted) throw new Error('the question was not accepted');
  await until('the tutor reply', async () => {
    const { conversations } = await family.parent.call<{
      conversations: { items: Array<{ messageCount: number }> };
    }>('query($c: ID!) { conversations(childId: $c, first: 5) { items { messageCount } } }', {
      c: family.childId,
    });
    return (conversations.items[0]?.messageCount ?? 0) >= 2 ? true : undefined;
  });
  return { family, child };
}
