import { Button, Notice, SelectField, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ChatMessage } from '../../api/chat';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { formatDateTime } from '../../i18n/format';
import { LoadState } from './children-pages';

function MessageList({ messages }: { messages: ChatMessage[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="mb-plain-list mb-stack">
      {messages.map((m) => (
        <li
          key={m.id}
          className={m.role === 'child' ? 'mb-bubble mb-bubble-child' : 'mb-bubble mb-bubble-tutor'}
        >
          <p className="mb-hint">
            {m.role === 'child' ? t('conversations.roleChild') : t('conversations.roleTutor')} ·{' '}
            {formatDateTime(m.createdAt, i18n.language)}
            {m.safetyAction !== 'allow' && m.safetyAction !== '' ? (
              <>
                {' '}
                · <strong>{t('conversations.flagged')}</strong>
              </>
            ) : null}
          </p>
          <p className="mb-pre">{m.text}</p>
        </li>
      ))}
    </ol>
  );
}

function Conversation({ conversationId }: { conversationId: string }) {
  const { chat } = useApis();
  const [loaded] = useLoad(() => chat.messages(conversationId), [conversationId]);
  return <LoadState load={loaded}>{(page) => <MessageList messages={page.items} />}</LoadState>;
}

function ChildConversations({ childId }: { childId: string }) {
  const { t } = useTranslation();
  const { chat } = useApis();
  const errorText = useErrorText();
  const [loaded] = useLoad(() => chat.conversations(childId), [childId]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ChatMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function search(event: FormEvent) {
    event.preventDefault();
    if (query.trim().length < 1) return;
    try {
      setError(null);
      setResults(await chat.search(childId, query.trim()));
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  return (
    <div className="mb-stack">
      <search>
        <form className="mb-row mb-align-end" onSubmit={search}>
          <TextField
            label={t('conversations.searchLabel')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button type="submit">{t('conversations.searchSubmit')}</Button>
        </form>
      </search>
      {error ? (
        <Notice tone="error" live="assertive">
          {error}
        </Notice>
      ) : null}
      {results ? (
        <section aria-labelledby="search-results">
          <h2 id="search-results" role="status">
            {results.length === 0
              ? t('conversations.noResults')
              : t('conversations.results', { count: results.length })}
          </h2>
          <MessageList messages={results} />
        </section>
      ) : null}
      <LoadState load={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <p>{t('conversations.empty')}</p>
          ) : (
            <ul className="mb-plain-list mb-stack">
              {page.items.map((c) => (
                <li key={c.id} className="mb-card">
                  <h2 className="mb-h3">
                    <Link to={`/family/conversations/${childId}/${c.id}`}>{c.title}</Link>
                  </h2>
                  <p className="mb-hint">
                    {t(`subjects.${c.subject}`, { defaultValue: c.subject })} ·{' '}
                    {t('conversations.messageCount', { count: c.messageCount })}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </div>
  );
}

export function ConversationsPage() {
  const { t } = useTranslation();
  const { childId, conversationId } = useParams();
  const navigate = useNavigate();
  const { auth } = useApis();
  usePageTitle(t('conversations.title'));
  const [children] = useLoad(() => auth.children(), []);
  return (
    <div className="mb-stack">
      <h1>{t('conversations.title')}</h1>
      <LoadState load={children}>
        {(kids) => {
          const selected = childId ?? kids[0]?.id;
          if (!selected) return <p>{t('children.empty')}</p>;
          return (
            <>
              <SelectField
                label={t('conversations.chooseChild')}
                value={selected}
                options={kids.map((k) => ({ value: k.id, label: k.nickname }))}
                onChange={(e) => navigate(`/family/conversations/${e.target.value}`)}
              />
              {conversationId ? (
                <>
                  <p>
                    <Link to={`/family/conversations/${selected}`}>← {t('common.back')}</Link>
                  </p>
                  <Conversation conversationId={conversationId} />
                </>
              ) : (
                <ChildConversations childId={selected} />
              )}
            </>
          );
        }}
      </LoadState>
    </div>
  );
}
