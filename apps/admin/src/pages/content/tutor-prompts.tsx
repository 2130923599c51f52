import { Button, Notice, SelectField, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GraphQLClient } from '../../api/client';
import { useClient } from '../../api/context';
import { LANGS } from '../../api/types';
import { LoadError, useErrorText } from '../../components/errors';
import { formatTime } from '../../components/format';

const BANDS = ['lower', 'upper', 'junior'] as const;
const SUBJECTS = ['math', 'japanese', 'science', 'social_studies', 'english', 'other'] as const;

interface TutorPrompt {
  key: string;
  version: number;
  text: string;
  source: string;
}
interface TutorPromptVersion {
  key: string;
  version: number;
  text: string;
  createdBy: string;
  createdAt: string;
  active: boolean;
}

const PROMPT = 'key version text source';

async function loadPrompt(client: GraphQLClient, lang: string, band: string, subject: string) {
  const data = await client.request<{ tutorPrompt: TutorPrompt }>(
    `query($l: String!, $b: String!, $s: String!) { tutorPrompt(lang: $l, band: $b, subject: $s) { ${PROMPT} } }`,
    { l: lang, b: band, s: subject },
  );
  return data.tutorPrompt;
}

/** Tutor prompts per language × grade band × subject (services/ai/src/api/graphql.ts). */
export function TutorPrompts() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [lang, setLang] = useState('ja');
  const [band, setBand] = useState<string>('lower');
  const [subject, setSubject] = useState<string>('math');
  const [prompt, reloadPrompt] = useLoad(
    () => loadPrompt(client, lang, band, subject),
    [client, lang, band, subject],
  );
  const current = prompt.state === 'ready' ? prompt.value : null;
  const [versions, reloadVersions] = useLoad(
    () =>
      current
        ? client
            .request<{ tutorPromptVersions: TutorPromptVersion[] }>(
              'query($k: String!) { tutorPromptVersions(key: $k) { key version text createdBy createdAt active } }',
              { k: current.key },
            )
            .then((d) => d.tutorPromptVersions)
        : Promise.resolve([]),
    [client, current?.key, current?.version],
  );
  const [draft, setDraft] = useState('');
  const [question, setQuestion] = useState('');
  const [reply, setReply] = useState<{ reply: string; provider: string } | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current) setDraft(current.text);
  }, [current]);

  const act = async (work: () => Promise<void>, done?: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
      if (done) setMessage({ tone: 'success', text: done });
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!current) return;
    void act(async () => {
      await client.request(
        'mutation($k: String!, $t: String!) { saveTutorPrompt(key: $k, text: $t) { key } }',
        {
          k: current.key,
          t: draft,
        },
      );
      reloadPrompt();
      reloadVersions();
    }, t('prompts.saved'));
  };

  const preview = (event: FormEvent) => {
    event.preventDefault();
    if (!current || !question.trim()) return;
    void act(async () => {
      const data = await client.request<{ previewTutorPrompt: { reply: string; provider: string } }>(
        'mutation($k: String!, $t: String!, $q: String!) { previewTutorPrompt(key: $k, text: $t, question: $q) { reply provider } }',
        { k: current.key, t: draft, q: question },
      );
      setReply(data.previewTutorPrompt);
    });
  };

  return (
    <section aria-labelledby="prompts-title" className="mb-stack">
      <h2 id="prompts-title">{t('prompts.title')}</h2>
      <div className="admin-filters">
        <SelectField
          label={t('keywords.language')}
          value={lang}
          onChange={(e) => setLang(e.target.value)}
          options={LANGS.map((value) => ({ value, label: t(`languages.${value}`, { defaultValue: value }) }))}
        />
        <SelectField
          label={t('prompts.band')}
          value={band}
          onChange={(e) => setBand(e.target.value)}
          options={BANDS.map((value) => ({ value, label: t(`prompts.bands.${value}`) }))}
        />
        <SelectField
          label={t('prompts.subject')}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          options={SUBJECTS.map((value) => ({ value, label: t(`prompts.subjects.${value}`) }))}
        />
      </div>
      {prompt.state === 'error' ? <LoadError error={prompt.error} onRetry={reloadPrompt} /> : null}
      <div aria-live="polite">{message ? <Notice tone={message.tone}>{message.text}</Notice> : null}</div>
      {current ? (
        <>
          <p>
            {t('prompts.version', { version: current.version })} · <code>{current.key}</code>
          </p>
          <form onSubmit={save} className="mb-stack">
            <div className="mb-field">
              <label htmlFor="prompt-text">{t('prompts.text')}</label>
              <textarea
                id="prompt-text"
                className="mb-textarea admin-code"
                rows={12}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />
            </div>
            <div className="mb-row">
              <Button type="submit" disabled={busy || draft === current.text}>
                {t('prompts.save')}
              </Button>
              <Button
                variant="secondary"
                disabled={busy || current.version === 0}
                onClick={() =>
                  act(async () => {
                    await client.request('mutation($k: String!) { rollbackTutorPrompt(key: $k) { key } }', {
                      k: current.key,
                    });
                    reloadPrompt();
                    reloadVersions();
                  }, t('prompts.rolledBack'))
                }
              >
                {t('prompts.rollback')}
              </Button>
            </div>
          </form>
          <form onSubmit={preview} className="mb-stack admin-tester" aria-labelledby="preview-title">
            <h3 id="preview-title">{t('prompts.previewTitle')}</h3>
            <TextField
              label={t('prompts.question')}
              value={question}
              onChange={(e) => setQuestion(e.target.value)}
            />
            <Button type="submit" variant="secondary" disabled={busy || !question.trim()}>
              {t('prompts.preview')}
            </Button>
            {reply ? (
              <blockquote className="admin-result" data-testid="prompt-preview">
                {reply.reply}
                <footer className="admin-muted">{reply.provider}</footer>
              </blockquote>
            ) : null}
          </form>
          <h3>{t('prompts.history')}</h3>
          {versions.state === 'error' ? <LoadError error={versions.error} /> : null}
          {versions.state === 'ready' && versions.value.length > 0 ? (
            <ul>
              {versions.value.map((v) => (
                <li key={v.version}>
                  v{v.version} · {formatTime(v.createdAt, i18n.language)}
                  {v.active ? ` · ${t('keywords.isActive')}` : ''}
                </li>
              ))}
            </ul>
          ) : versions.state === 'ready' ? (
            <p>{t('keywords.noHistory')}</p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
