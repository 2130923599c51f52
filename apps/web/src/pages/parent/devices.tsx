import { Button, Card, Notice, SelectField, useLoad } from '@manabee/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceLink } from '../../api/auth';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { formatDateTime } from '../../i18n/format';
import { LoadState } from './children-pages';

export function DevicesPage() {
  const { t, i18n } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  usePageTitle(t('devices.title'));
  const [loaded, reload] = useLoad(async () => {
    const [children, devices] = await Promise.all([auth.children(), auth.devices()]);
    return { children, devices };
  }, []);
  const [childId, setChildId] = useState('');
  const [link, setLink] = useState<(DeviceLink & { name: string }) | null>(null);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  async function issue(event: FormEvent, fallbackId: string, nameOf: (id: string) => string) {
    event.preventDefault();
    const id = childId || fallbackId;
    setStatus(null);
    setCopied(false);
    try {
      setLink({ ...(await auth.issueDeviceLink(id)), name: nameOf(id) });
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  async function revoke(id: string) {
    try {
      await auth.revokeDevice(id);
      setStatus({ tone: 'success', text: t('devices.revoked') });
      reload();
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  async function regenerate() {
    try {
      setCode(await auth.regenerateFamilyCode());
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  return (
    <div className="mb-stack">
      <h1>{t('devices.title')}</h1>
      {status ? (
        <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
          {status.text}
        </Notice>
      ) : null}
      <LoadState load={loaded}>
        {({ children, devices }) => {
          const nameOf = (id: string) => children.find((c) => c.id === id)?.nickname ?? '';
          const first = children[0]?.id ?? '';
          return (
            <>
              <Card aria-labelledby="issue-title" className="mb-stack">
                <h2 id="issue-title">{t('devices.issueTitle')}</h2>
                <p>{t('devices.issueHelp')}</p>
                {children.length === 0 ? (
                  <p>{t('children.empty')}</p>
                ) : (
                  <form className="mb-row mb-align-end" onSubmit={(e) => issue(e, first, nameOf)}>
                    <SelectField
                      label={t('devices.child')}
                      value={childId || first}
                      options={children.map((c) => ({ value: c.id, label: c.nickname }))}
                      onChange={(e) => setChildId(e.target.value)}
                    />
                    <Button type="submit">{t('devices.issue')}</Button>
                  </form>
                )}
                {link ? (
                  <div className="mb-device-link mb-stack" role="status">
                    <h3>{t('devices.linkReady', { name: link.name })}</h3>
                    <img
                      src={link.qrDataUrl}
                      alt={t('devices.qrAlt', { name: link.name })}
                      width="256"
                      height="256"
                      className="mb-qr"
                    />
                    <p className="mb-break">
                      <a href={link.url} data-testid="device-link">
                        {link.url}
                      </a>
                    </p>
                    <p>{t('devices.expires', { date: formatDateTime(link.expiresAt, i18n.language) })}</p>
                    <div className="mb-row">
                      <Button
                        variant="secondary"
                        onClick={() => {
                          void navigator.clipboard?.writeText(link.url).then(() => setCopied(true));
                        }}
                      >
                        {t('devices.copy')}
                      </Button>
                      {copied ? <span role="status">{t('devices.copied')}</span> : null}
                    </div>
                  </div>
                ) : null}
              </Card>
              <section aria-labelledby="devices-list" className="mb-stack">
                <h2 id="devices-list">{t('devices.listTitle')}</h2>
                {devices.length === 0 ? (
                  <p>{t('devices.none')}</p>
                ) : (
                  <ul className="mb-plain-list mb-stack">
                    {devices.map((device) => (
                      <li key={device.id} className="mb-card mb-row mb-spread">
                        <div>
                          <strong>{nameOf(device.childId)}</strong>
                          <p className="mb-hint">{device.userAgent ?? ''}</p>
                          <p>
                            {t('devices.lastSeen', {
                              date: formatDateTime(device.lastSeenAt, i18n.language),
                            })}
                          </p>
                        </div>
                        <Button variant="danger" onClick={() => revoke(device.id)}>
                          {t('devices.revoke')}
                        </Button>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <Card aria-labelledby="family-code" className="mb-stack">
                <h2 id="family-code">{t('devices.familyCodeTitle')}</h2>
                <p>{t('devices.familyCodeHelp')}</p>
                {code ? (
                  <p role="status" className="mb-family-code">
                    {t('devices.familyCode', { code })}
                  </p>
                ) : null}
                <div>
                  <Button variant="secondary" onClick={regenerate}>
                    {t('devices.regenerate')}
                  </Button>
                </div>
              </Card>
            </>
          );
        }}
      </LoadState>
    </div>
  );
}
