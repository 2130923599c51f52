import { Button, Notice, SelectField, TextArea, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/context';
import { reportMissedMessage, scannerVersions } from '../../api/operations';
import { CATEGORIES, SELF_HARM_LEVELS } from '../../api/types';
import { useErrorText } from '../../components/errors';

/** The classifier and keyword lists the live scanner runs, so feedback can be matched to a model. */
export function ScannerVersionLine() {
  const { t } = useTranslation();
  const client = useClient();
  const [versions] = useLoad(() => scannerVersions(client), [client]);
  if (versions.state !== 'ready') return null;
  const { classifier, keywords } = versions.value;
  return (
    <p className="admin-caption" data-testid="scanner-versions">
      {t('missed.classifierVersion', { version: classifier ?? t('missed.noClassifier') })}
      {keywords.length > 0 ? ` · ${t('missed.keywordVersions', { versions: keywords.join(', ') })}` : null}
    </p>
  );
}

/** A reviewer reports a child's message the scanner let through; it joins the next training run. */
export function MissedReportForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [messageId, setMessageId] = useState('');
  const [category, setCategory] = useState<string>(CATEGORIES[0]);
  const [level, setLevel] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const id = messageId.trim();
    if (!id) {
      setStatus({ tone: 'error', text: t('missed.needMessageId') });
      return;
    }
    setBusy(true);
    try {
      await reportMissedMessage(client, {
        messageId: id,
        category,
        ...(category === 'self_harm' && level ? { level } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setStatus({ tone: 'success', text: t('missed.done') });
      setMessageId('');
      setLevel('');
      setNote('');
      onDone?.();
    } catch (error) {
      setStatus({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="admin-bulk mb-stack" aria-labelledby="missed-title">
      <h2 id="missed-title">{t('missed.title')}</h2>
      <p>{t('missed.intro')}</p>
      <form className="mb-stack" aria-labelledby="missed-title" onSubmit={submit}>
        <TextField
          label={t('missed.messageId')}
          hint={t('missed.messageIdHint')}
          value={messageId}
          maxLength={64}
          onChange={(e) => setMessageId(e.target.value)}
        />
        <SelectField
          label={t('missed.category')}
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          options={CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) }))}
        />
        {category === 'self_harm' ? (
          <SelectField
            label={t('missed.level')}
            value={level}
            onChange={(e) => setLevel(e.target.value)}
            options={[
              { value: '', label: t('missed.noLevel') },
              ...SELF_HARM_LEVELS.map((value) => ({ value, label: t(`missed.levels.${value}`) })),
            ]}
          />
        ) : null}
        <TextArea
          label={t('review.resolutionNote')}
          rows={2}
          maxLength={4000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        <div className="mb-row">
          <Button type="submit" disabled={busy}>
            {t('missed.submit')}
          </Button>
        </div>
      </form>
      <div aria-live="polite">
        {status ? (
          <Notice tone={status.tone} data-testid="missed-status">
            {status.text}
          </Notice>
        ) : null}
      </div>
    </section>
  );
}
