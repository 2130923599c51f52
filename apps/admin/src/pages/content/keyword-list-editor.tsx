import { Button, Checkbox, Notice, SelectField, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../../api/client';
import { useClient } from '../../api/context';
import {
  activateKeywordListVersion,
  keywordList,
  keywordListVersions,
  rollbackKeywordList,
  saveKeywordList,
  testSafetyPhrase,
} from '../../api/operations';
import { LANGS, type SafetyPhraseResult } from '../../api/types';
import { LoadError, useErrorText } from '../../components/errors';
import { formatTime } from '../../components/format';

/**
 * What can be told without the server: the text must be JSON, an object for
 * the language being edited, with an `entries` array. The server checks the rest
 * (services/safety/src/domain/keyword-list.ts) and rejects a list whole.
 */
export function localProblems(json: string, lang: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return [`JSON: ${error instanceof Error ? error.message : String(error)}`];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['list: must be an object'];
  const problems: string[] = [];
  const record = value as Record<string, unknown>;
  if (record.lang !== lang) problems.push(`lang: must be "${lang}"`);
  if (!Array.isArray(record.entries)) problems.push('entries: must be an array');
  if (typeof record.version !== 'string' || record.version.trim() === '')
    problems.push('version: must be a non-empty string');
  return problems;
}

function serverProblems(error: unknown): string[] | null {
  if (!(error instanceof GraphQLRequestError) || error.code !== 'VALIDATION_FAILED') return null;
  const issues = error.issues.map((issue) => issue.message);
  return issues.length > 0 ? issues : [error.message];
}

export function KeywordListEditor({ mayEdit }: { mayEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [lang, setLang] = useState<string>('ja');
  const [list, reloadList] = useLoad(() => keywordList(client, lang), [client, lang]);
  const [versions, reloadVersions] = useLoad(() => keywordListVersions(client, lang), [client, lang]);
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState('');
  const [activate, setActivate] = useState(true);
  const [problems, setProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [phrase, setPhrase] = useState('');
  const [useDraft, setUseDraft] = useState(true);
  const [result, setResult] = useState<SafetyPhraseResult | null>(null);
  const [busy, setBusy] = useState(false);

  const loaded = list.state === 'ready' ? list.value : null;
  useEffect(() => {
    if (loaded) setDraft(loaded.json);
    setProblems([]);
  }, [loaded]);
  const changed = loaded !== null && draft !== loaded.json;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const local = localProblems(draft, lang);
    setProblems(local);
    if (local.length > 0) return;
    setBusy(true);
    try {
      const saved = await saveKeywordList(client, draft, note.trim(), activate);
      setNote('');
      setMessage({
        tone: 'success',
        text: t(activate ? 'keywords.savedActive' : 'keywords.saved', { version: saved.version }),
      });
      reloadList();
      reloadVersions();
    } catch (error) {
      const issues = serverProblems(error);
      if (issues) setProblems(issues);
      else setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const test = async (event: FormEvent) => {
    event.preventDefault();
    if (!phrase.trim()) return;
    const withDraft = mayEdit && useDraft && changed;
    if (withDraft) {
      const local = localProblems(draft, lang);
      setProblems(local);
      if (local.length > 0) return;
    }
    setBusy(true);
    try {
      setResult(await testSafetyPhrase(client, { lang, text: phrase, draftJson: withDraft ? draft : null }));
    } catch (error) {
      const issues = serverProblems(error);
      if (issues) setProblems(issues);
      else setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const versionAction = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    try {
      await work();
      setMessage({ tone: 'success', text: done });
      reloadList();
      reloadVersions();
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="keywords-title" className="mb-stack">
      <h2 id="keywords-title">{t('keywords.title')}</h2>
      <SelectField
        label={t('keywords.language')}
        value={lang}
        onChange={(e) => {
          setLang(e.target.value);
          setResult(null);
          setMessage(null);
        }}
        options={LANGS.map((value) => ({ value, label: t(`languages.${value}`, { defaultValue: value }) }))}
      />
      {list.state === 'error' ? <LoadError error={list.error} onRetry={reloadList} /> : null}
      {loaded ? (
        <p data-testid="active-version">
          {t('keywords.active', {
            version: loaded.version,
            entries: loaded.entryCount,
            allow: loaded.allowCount,
          })}{' '}
          {loaded.listId ? '' : t('keywords.shipped')}
        </p>
      ) : null}
      <div aria-live="polite">
        {message ? (
          <Notice tone={message.tone} data-testid="keywords-status">
            {message.text}
          </Notice>
        ) : null}
      </div>
      {problems.length > 0 ? (
        <Notice tone="error" live="assertive" data-testid="keyword-problems">
          <p>{t('keywords.problems', { count: problems.length })}</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Notice>
      ) : null}

      {loaded ? (
        <form onSubmit={save} className="mb-stack">
          <div className="mb-field">
            <label htmlFor="keyword-json">{t('keywords.json')}</label>
            <textarea
              id="keyword-json"
              className="mb-textarea admin-code"
              rows={16}
              spellCheck={false}
              readOnly={!mayEdit}
              value={draft}
              aria-invalid={problems.length > 0 ? true : undefined}
              aria-describedby="keyword-json-hint"
              onChange={(e) => setDraft(e.target.value)}
            />
            <span id="keyword-json-hint" className="mb-hint">
              {mayEdit ? t('keywords.jsonHint') : t('keywords.readOnly')}
            </span>
          </div>
          {mayEdit ? (
            <>
              <TextField label={t('keywords.note')} value={note} onChange={(e) => setNote(e.target.value)} />
              <Checkbox
                label={t('keywords.activate')}
                checked={activate}
                onChange={(e) => setActivate(e.target.checked)}
              />
              <div className="mb-row">
                <Button type="submit" disabled={busy || !changed}>
                  {t('keywords.save')}
                </Button>
                <Button
                  variant="secondary"
                  disabled={!changed}
                  onClick={() => loaded && setDraft(loaded.json)}
                >
                  {t('keywords.discard')}
                </Button>
              </div>
            </>
          ) : null}
        </form>
      ) : null}

      <form onSubmit={test} className="mb-stack admin-tester" aria-labelledby="tester-title">
        <h3 id="tester-title">{t('keywords.testTitle')}</h3>
        <TextField label={t('keywords.phrase')} value={phrase} onChange={(e) => setPhrase(e.target.value)} />
        {mayEdit ? (
          <Checkbox
            label={t('keywords.useDraft')}
            checked={useDraft}
            onChange={(e) => setUseDraft(e.target.checked)}
          />
        ) : null}
        <Button type="submit" variant="secondary" disabled={busy || !phrase.trim()}>
          {t('keywords.test')}
        </Button>
        {result ? (
          <div data-testid="phrase-result" className="admin-result">
            <p>
              {t('keywords.verdict', {
                action: t(`actions.${result.action}`, { defaultValue: result.action }),
                severity: t(`severities.${result.severity}`, { defaultValue: result.severity }),
              })}
            </p>
            {result.categories.length > 0 ? (
              <p>
                {t('review.category')}:{' '}
                {result.categories.map((c) => t(`categories.${c}`, { defaultValue: c })).join(', ')}
              </p>
            ) : null}
            {result.spans.length > 0 ? (
              <ul>
                {result.spans.map((span) => (
                  <li key={`${span.start}-${span.rule}`}>
                    「{span.text}」 {span.category} / {span.severity} ({span.detector}: {span.rule})
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="admin-muted">
              {t('keywords.versions')}: {result.keywordVersions.join(', ')}
            </p>
          </div>
        ) : null}
      </form>

      <h3>{t('keywords.history')}</h3>
      {versions.state === 'error' ? <LoadError error={versions.error} onRetry={reloadVersions} /> : null}
      {versions.state === 'ready' ? (
        versions.value.length === 0 ? (
          <p>{t('keywords.noHistory')}</p>
        ) : (
          <>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('keywords.version')}</th>
                  <th scope="col">{t('keywords.entries')}</th>
                  <th scope="col">{t('keywords.note')}</th>
                  <th scope="col">{t('keywords.created')}</th>
                  <th scope="col">{t('keywords.state')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.value.map((version) => (
                  <tr key={version.id}>
                    <td>{version.version}</td>
                    <td>{version.entryCount}</td>
                    <td>{version.note ?? ''}</td>
                    <td>{formatTime(version.createdAt, i18n.language)}</td>
                    <td>
                      {version.active ? (
                        t('keywords.isActive')
                      ) : mayEdit ? (
                        <Button
                          variant="secondary"
                          disabled={busy}
                          onClick={() =>
                            versionAction(
                              () => activateKeywordListVersion(client, version.id),
                              t('keywords.activated', { version: version.version }),
                            )
                          }
                        >
                          {t('keywords.activateVersion', { version: version.version })}
                        </Button>
                      ) : (
                        ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {mayEdit && loaded?.listId ? (
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() =>
                  versionAction(() => rollbackKeywordList(client, lang), t('keywords.rolledBack'))
                }
              >
                {t('keywords.rollback')}
              </Button>
            ) : null}
          </>
        )
      ) : null}
    </section>
  );
}
