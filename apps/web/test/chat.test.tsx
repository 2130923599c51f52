// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplyEvent, SendResult } from '../src/api/chat';
import { GraphQLRequestError } from '../src/api/client';
import { ChatView } from '../src/pages/child/chat';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

const accepted = (over: Partial<SendResult> = {}): SendResult => ({
  accepted: true,
  conversationId: 'cnv_0000000000001',
  messageId: 'msg_0000000000001',
  replyId: 'rpl_0000000000001',
  subject: 'math',
  subjectChanged: false,
  safety: { action: 'allow', severity: 'none', categories: [] },
  crisisLines: [],
  refusalReason: null,
  refusalMessage: null,
  retryAt: null,
  ...over,
});

const chunk = (index: number, text: string): { replyStream: ReplyEvent } => ({
  replyStream: { replyId: 'rpl_0000000000001', index, text, done: false, outcome: null, notice: null },
});
const done = (index: number, outcome = 'completed'): { replyStream: ReplyEvent } => ({
  replyStream: { replyId: 'rpl_0000000000001', index, text: '', done: true, outcome, notice: null },
});

describe('child chat', () => {
  it('shows the streamed reply as it arrives and announces whole sentences only', async () => {
    const client = fakeClient({ sendMessage: () => accepted(), stopReply: () => true });
    await renderWith(<ChatView grade={2} />, client);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText('しつもんを かこう'), '23+48は？');
    await user.click(screen.getByRole('button', { name: /おくる/ }));

    await waitFor(() => expect(client.sinks).toHaveLength(1));
    expect(client.sinks[0]?.variables).toEqual({ replyId: 'rpl_0000000000001', after: 0 });
    expect(screen.getByTestId('current-subject')).toHaveTextContent('さんすう');
    const sink = client.sinks[0]!.sink;

    act(() => sink.next(chunk(0, 'まず 一の位を')));
    const reply = screen.getByTestId('tutor-message');
    expect(reply).toHaveTextContent('まず 一の位を');
    // Half a sentence: nothing is announced yet.
    expect(screen.getByTestId('reply-announcer')).toBeEmptyDOMElement();

    act(() => sink.next(chunk(1, ' たそう。3+8=11だね。つぎは')));
    expect(reply).toHaveTextContent('まず 一の位を たそう。3+8=11だね。つぎは');
    const announced = () =>
      [...screen.getByTestId('reply-announcer').querySelectorAll('p')].map((p) => p.textContent);
    expect(announced()).toEqual(['まず 一の位を たそう。', '3+8=11だね。']);

    act(() => sink.next(chunk(2, ' 十の位。')));
    act(() => sink.next(done(3)));
    expect(announced()).toEqual(['まず 一の位を たそう。', '3+8=11だね。', 'つぎは 十の位。']);
    // The stop button goes away when the reply is complete.
    expect(screen.queryByRole('button', { name: /とめる/ })).not.toBeInTheDocument();
  });

  it('stops a reply with the stop button', async () => {
    const client = fakeClient({ sendMessage: () => accepted(), stopReply: () => true });
    await renderWith(<ChatView />, client);
    const user = userEvent.setup();

    await user.click(screen.getByRole('button', { name: '23+48は？' }));
    await waitFor(() => expect(client.sinks).toHaveLength(1));
    act(() => client.sinks[0]!.sink.next(chunk(0, 'いっしょに かんがえよう')));

    await user.click(screen.getByRole('button', { name: /とめる/ }));
    expect(
      client.calls.some((c) => c.query.includes('stopReply') && c.variables.replyId === 'rpl_0000000000001'),
    ).toBe(true);
    act(() => client.sinks[0]!.sink.next(done(1, 'stopped')));
    expect(screen.getByTestId('tutor-message')).toHaveTextContent('とちゅうで とめたよ。');
    expect(screen.getByRole('button', { name: /おくる/ })).toBeInTheDocument();
  });

  it('resumes after a dropped connection from the next index', async () => {
    const client = fakeClient({ sendMessage: () => accepted() });
    await renderWith(<ChatView />, client);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('しつもんを かこう'), 'こんにちは{Enter}');
    await waitFor(() => expect(client.sinks).toHaveLength(1));
    act(() => client.sinks[0]!.sink.next(chunk(0, 'やあ')));
    act(() => client.sinks[0]!.sink.error(new GraphQLRequestError([{ message: 'closed' }], 'NETWORK')));
    await waitFor(() => expect(client.sinks).toHaveLength(2), { timeout: 2000 });
    expect(client.sinks[1]?.variables).toEqual({ replyId: 'rpl_0000000000001', after: 1 });
  });

  it('explains a refusal kindly, with the time to come back', async () => {
    const client = fakeClient({
      sendMessage: () =>
        accepted({
          accepted: false,
          replyId: null,
          conversationId: null,
          messageId: null,
          refusalReason: 'quiet_hours',
          refusalMessage: 'いまは しずかな時間だよ。また あとで いっしょに学ぼうね。',
          retryAt: '2030-01-01T22:00:00.000Z',
        }),
    });
    await renderWith(<ChatView />, client);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('しつもんを かこう'), 'あそぼう');
    await user.click(screen.getByRole('button', { name: /おくる/ }));

    expect(
      await screen.findByText('いまは しずかな時間だよ。また あとで いっしょに学ぼうね。'),
    ).toBeInTheDocument();
    expect(screen.getByText('ちょっと ひとやすみ')).toBeInTheDocument();
    expect(screen.getByText(/から また はなせるよ。/)).toBeInTheDocument();
    expect(client.sinks).toHaveLength(0);
    // What the child wrote is kept, to send later.
    expect(screen.getByLabelText('しつもんを かこう')).toHaveValue('あそぼう');
  });

  it('shows crisis lines prominently when safety asks for it', async () => {
    const client = fakeClient({
      sendMessage: () =>
        accepted({
          safety: { action: 'escalate', severity: 'critical', categories: ['self_harm'] },
          crisisLines: [
            { country: 'JP', name: '24時間子供SOSダイヤル', phone: '0120-0-78310', hours: '24時間' },
          ],
        }),
    });
    await renderWith(<ChatView />, client);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('しつもんを かこう'), 'もう死にたい');
    await user.click(screen.getByRole('button', { name: /おくる/ }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('ひとりで かかえないでね');
    const call = screen.getByRole('link', { name: /24時間子供SOSダイヤル/ });
    expect(call).toHaveAttribute('href', 'tel:0120078310');
  });

  it('offers starter questions for the child’s grade and says when voice input is unavailable', async () => {
    const client = fakeClient({});
    await renderWith(<ChatView grade={8} />, client);
    expect(screen.getByRole('button', { name: '光合成って なに？' })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: /こえで しつもん/ }));
    expect(screen.getByText(/こえの にゅうりょくが つかえないよ/)).toBeInTheDocument();
  });
});
