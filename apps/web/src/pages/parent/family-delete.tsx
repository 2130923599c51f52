import { Button, Card, Notice, TextField } from '@manabee/ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { GraphQLRequestError } from '../../api/client';
import { useApis } from '../../api/hooks';
import { storeSubscriptionId, unsubscribeThisDevice, webPushSupported } from '../../api/web-push';
import { errorCode, useErrorText } from '../../components/errors';

/** The deleted page reads this from the navigation state and only then forgets who was signed in. */
export interface FamilyDeletedState {
  familyDeleted: true;
}

export const DELETED_PATH = '/family-deleted';

/** The confirmation is the account's email address, compared as people type it: trimmed, any case. */
export function confirmationMatches(typed: string, email: string): boolean {
  const want = email.trim().toLowerCase();
  return want.length > 0 && typed.trim().toLowerCase() === want;
}

const DELETED_PARTS = ['account', 'children', 'conversations', 'alerts', 'notifications', 'usage'] as const;

type Step = 'form' | 'confirm' | 'deleting';

/**
 * "Delete your family's data": what goes, what stays, then the email address and
 * password, then a last, explicit confirmation. On success the server has ended
 * every session of the family and cleared the cookie; this device forgets the
 * rest and shows the deleted page.
 */
export function DeleteFamily({ email }: { email: string }) {
  const { t } = useTranslation();
  const { familyData, client } = useApis();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [confirmation, setConfirmation] = useState('');
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [step, setStep] = useState<Step>('form');
  const id = useId();
  const passwordId = `${id}-password`;
  const submitId = `${id}-submit`;
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<'submit' | 'password' | null>(null);
  const matches = confirmationMatches(confirmation, email);

  // Focus follows the step: into the last question when it opens, back to where the person was after.
  useEffect(() => {
    if (step === 'confirm') confirmRef.current?.focus();
    else if (step === 'form' && returnFocus.current) {
      document.getElementById(returnFocus.current === 'password' ? passwordId : submitId)?.focus();
      returnFocus.current = null;
    }
  }, [step, passwordId, submitId]);

  function ask(event: FormEvent) {
    event.preventDefault();
    if (!matches) return;
    setProblem(null);
    if (!password) {
      setPasswordError(t('familyData.delete.passwordRequired'));
      document.getElementById(passwordId)?.focus();
      return;
    }
    setPasswordError(null);
    setStep('confirm');
  }

  /** A button, not an in-page #link: the router would take a hash change for a new page. */
  function toExport() {
    const heading = document.getElementById('export-title');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }

  function cancel() {
    returnFocus.current = 'submit';
    setStep('form');
  }

  async function remove() {
    setStep('deleting');
    try {
      await familyData.deleteFamily(password, confirmation.trim());
    } catch (caught) {
      const code = errorCode(caught);
      const missing = caught instanceof GraphQLRequestError && caught.isMissingField;
      if (code === 'UNAUTHENTICATED') {
        setPassword('');
        setPasswordError(t('familyData.delete.passwordAgain'));
      }
      setProblem(
        missing
          ? t('common.notYetAvailable')
          : code === 'UNAUTHENTICATED'
            ? t('familyData.delete.wrongPassword')
            : code === 'VALIDATION_FAILED'
              ? t('familyData.delete.wrongConfirmation')
              : errorText(caught),
      );
      returnFocus.current = code === 'UNAUTHENTICATED' ? 'password' : 'submit';
      setStep('form');
      return;
    }
    // The server ended every session; drop what this device still holds for it.
    client.reset();
    storeSubscriptionId(null);
    if (webPushSupported()) void unsubscribeThisDevice().catch(() => undefined);
    const state: FamilyDeletedState = { familyDeleted: true };
    navigate(DELETED_PATH, { replace: true, state });
  }

  return (
    <Card aria-labelledby="delete-title" className="mb-stack mb-flow mb-danger-zone">
      <h2 id="delete-title">{t('familyData.delete.title')}</h2>
      <p>{t('familyData.delete.lead')}</p>
      <ul>
        {DELETED_PARTS.map((part) => (
          <li key={part}>{t(`familyData.delete.parts.${part}`)}</li>
        ))}
      </ul>
      <p>
        <strong>{t('familyData.delete.undo')}</strong>
      </p>
      <p>{t('familyData.delete.audit')}</p>
      <div className="mb-row">
        <p className="mb-flush">{t('familyData.delete.exportFirst')}</p>
        <Button variant="secondary" onClick={toExport}>
          {t('familyData.delete.exportFirstLink')}
        </Button>
      </div>
      {problem ? (
        <Notice tone="error" live="assertive">
          {problem}
        </Notice>
      ) : null}
      <form className="mb-stack" onSubmit={ask} noValidate>
        <TextField
          label={t('familyData.delete.confirmLabel')}
          hint={t('familyData.delete.confirmHint', { email })}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={confirmation}
          readOnly={step !== 'form'}
          onChange={(e) => setConfirmation(e.target.value)}
        />
        <TextField
          id={passwordId}
          label={t('familyData.delete.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          error={passwordError}
          readOnly={step !== 'form'}
          onChange={(e) => {
            setPassword(e.target.value);
            setPasswordError(null);
          }}
        />
        {step === 'form' ? (
          <div>
            <Button id={submitId} type="submit" variant="danger" disabled={!matches}>
              {t('familyData.delete.submit')}
            </Button>
          </div>
        ) : null}
      </form>
      {step !== 'form' ? (
        <section aria-labelledby="delete-confirm-title" className="mb-confirm mb-stack mb-flow">
          <h3 id="delete-confirm-title" ref={confirmRef} tabIndex={-1} className="mb-h3">
            {t('familyData.delete.confirmTitle')}
          </h3>
          <p>{t('familyData.delete.confirmBody', { email })}</p>
          <div className="mb-row">
            <Button variant="danger" onClick={remove} disabled={step === 'deleting'}>
              {t('familyData.delete.confirm')}
            </Button>
            <Button variant="secondary" onClick={cancel} disabled={step === 'deleting'}>
              {t('common.cancel')}
            </Button>
          </div>
          <p role="status">{step === 'deleting' ? t('familyData.delete.deleting') : ''}</p>
        </section>
      ) : null}
    </Card>
  );
}
