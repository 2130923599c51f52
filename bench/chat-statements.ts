import { createFamily } from '../apps/server/test/support/client';
import { benchPlatform } from './support';

const MESSAGES = Number(process.argv[2] ?? 10);

const { platform, client, mailDir, stop } = await benchPlatform(
  // The reply streams after the mutation returns, so the two counts separate.
  { AI_OFFLINE_TOKEN_DELAY_MS: '5' },
  { startWork: false },
);
const password = 'bench password that is long enough';
const { parent, children } = await createFamily(client, mailDir, {
  email: `statements-${Date.now()}@example.jp`,
  password,
  children: [{ nickname: 'かず', grade: 3 }],
});
const child = children[0]!;
// No quiet hours, whatever the hour in Tokyo when this runs.
await client.gql(
  'mutation ($c: ID!, $i: ParentalControlsInput!) { updateParentalControls(childId: $c, input: $i) { dailyMinutes } }',
  {
    c: child.id,
    i: { dailyMinutes: 600, dailyMessages: 500, allowedSubjects: ['math', 'other'], quietHours: [] },
  },
  parent,
);

const count = () => platform.database.statements();
const send: number[] = [];
const exchange: number[] = [];
for (let i = 0; i < MESSAGES; i++) {
  const before = count();
  const sent = await client.gql<{
    sendMessage: { accepted: boolean; replyId: string; refusalReason: string };
  }>(
    'mutation ($i: SendMessageInput!) { sendMessage(input: $i) { accepted replyId refusalReason } }',
    { i: { text: `${20 + i}+${30 + i}は？` } },
    child.cookie,
  );
  if (!sent.data?.sendMessage?.accepted)
    throw new Error(`refused: ${sent.data?.sendMessage?.refusalReason ?? sent.errors?.[0]?.message}`);
  send.push(count() - before);
  const reply = await client.followReply(child.cookie, sent.data.sendMessage.replyId);
  if (reply.outcome !== 'completed') throw new Error(`reply ${reply.outcome}`);
  // The reply's last writes land just after the stream ends.
  await new Promise((resolve) => setTimeout(resolve, 50));
  exchange.push(count() - before);
}

const summary = (values: number[]) =>
  `first ${values[0]}, then ${values.slice(1).join(' ')} (median ${[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]})`;
console.log(`SQL statements per child message on ${platform.database.kind}, ${MESSAGES} messages in a row:`);
console.log(`  send mutation (accepted):       ${summary(send)}`);
console.log(`  whole exchange (reply stored):  ${summary(exchange)}`);
await stop();
