// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParentalControls } from '../src/api/auth';
import { ControlsForm, type ControlsValues, validateControls } from '../src/pages/parent/controls';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

const initial: ControlsValues = {
  dailyMinutes: '60',
  dailyMessages: '200',
  allowedSubjects: ['math', 'japanese'],
  quietHours: [{ start: '21:00', end: '07:00' }],
  paused: false,
};

describe('validateControls', () => {
  it('turns the form into the API shape; empty limits mean no limit', () => {
    expect(validateControls({ ...initial, dailyMinutes: '', allowedSubjects: ['japanese', 'math'] })).toEqual(
      {
        ok: true,
        value: {
          dailyMinutes: null,
          dailyMessages: 200,
          allowedSubjects: ['math', 'japanese'],
          quietHours: [{ start: '21:00', end: '07:00' }],
        },
      },
    );
  });

  it('rejects out-of-range limits, bad or equal times and too many periods', () => {
    const result = validateControls({
      ...initial,
      dailyMinutes: '1441',
      dailyMessages: '-3',
      quietHours: [
        { start: '25:00', end: '07:00' },
        { start: '12:00', end: '12:00' },
        { start: '01:00', end: '02:00' },
        { start: '03:00', end: '04:00' },
        { start: '05:00', end: '06:00' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        dailyMinutes: 'minutesRange',
        dailyMessages: 'messagesRange',
        quietHours: 'tooMany',
        'quietHours.0.start': 'timeInvalid',
        'quietHours.1.end': 'sameTime',
      },
    });
  });
});

describe('parental controls form', () => {
  it('shows each problem next to its field and does not save', async () => {
    const onSave = vi.fn(async (_c: ParentalControls, _p: boolean) => {});
    await renderWith(<ControlsForm initial={initial} onSave={onSave} />, fakeClient({}));
    const user = userEvent.setup();

    const minutes = screen.getByLabelText('1日の利用時間（分）');
    await user.clear(minutes);
    await user.type(minutes, '2000');
    await user.click(screen.getByRole('button', { name: '保存する' }));

    expect(screen.getByRole('alert')).toHaveTextContent('入力にまちがいがあります。');
    expect(minutes).toHaveAttribute('aria-invalid', 'true');
    expect(minutes).toHaveAccessibleDescription(/0〜1440の整数で入力してください。/);
    expect(onSave).not.toHaveBeenCalled();
  });

  it('saves valid controls: subjects, removed quiet hours and pause', async () => {
    const onSave = vi.fn(async (_c: ParentalControls, _p: boolean) => {});
    await renderWith(<ControlsForm initial={initial} onSave={onSave} />, fakeClient({}));
    const user = userEvent.setup();

    await user.click(screen.getByRole('checkbox', { name: 'りか' }));
    await user.click(screen.getByRole('checkbox', { name: 'こくご' }));
    await user.click(screen.getByRole('button', { name: 'このおやすみ時間を削除' }));
    await user.clear(screen.getByLabelText('1日の質問の数'));
    await user.click(screen.getByRole('checkbox', { name: /一時停止する/ }));
    await user.click(screen.getByRole('button', { name: '保存する' }));

    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave).toHaveBeenCalledWith(
      { dailyMinutes: 60, dailyMessages: null, allowedSubjects: ['math', 'science'], quietHours: [] },
      true,
    );
    expect(await screen.findByRole('status')).toHaveTextContent('見守り設定を保存しました。');
  });

  it('warns that no allowed subject means no chatting', async () => {
    await renderWith(
      <ControlsForm initial={{ ...initial, allowedSubjects: [] }} onSave={async () => {}} />,
      fakeClient({}),
    );
    expect(screen.getByText('教科がひとつも選ばれていないと、会話できません。')).toBeInTheDocument();
  });
});
