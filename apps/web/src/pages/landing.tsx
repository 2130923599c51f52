import { Card, Notice, useLoad } from '@manabee/ui';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApis } from '../api/hooks';
import type { Plan } from '../api/optional';
import { PublicShell, usePageTitle } from '../components/shell';
import { STATIC_PLANS } from '../data/plans.static';
import { formatMoney } from '../i18n/format';

interface ShownPlan {
  id: string;
  name: string;
  price: string;
  features: string[];
}

function Plans() {
  const { t, i18n } = useTranslation();
  const { plans } = useApis();
  const [loaded] = useLoad(() => plans.list().catch(() => ({ available: false as const })), []);
  if (loaded.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  const live = loaded.state === 'ready' && loaded.value.available ? loaded.value.value : null;
  const shown: ShownPlan[] = live
    ? live.map((plan: Plan) => ({
        id: plan.id,
        name: plan.name,
        price: formatMoney(plan.priceMinor, plan.currency, i18n.language),
        features: plan.features,
      }))
    : STATIC_PLANS.map((plan) => ({
        id: plan.id,
        name: t(`plans.${plan.id}.name`),
        price: formatMoney(plan.priceMinor, plan.currency, i18n.language),
        features: t(`plans.${plan.id}.features`)
          .split(' · ')
          .flatMap((s) => s.split('・')),
      }));
  return (
    <>
      {live ? null : <Notice tone="info">{t('landing.plansStatic')}</Notice>}
      <ul className="mb-grid mb-plain-list" data-testid="plans">
        {shown.map((plan) => (
          <li key={plan.id} className="mb-card">
            <h3>{plan.name}</h3>
            <p className="mb-price">
              <strong>{plan.price}</strong> <span className="mb-hint">{t('landing.perMonth')}</span>
            </p>
            <ul>
              {plan.features.map((feature) => (
                <li key={feature}>{feature}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

export function LandingPage() {
  const { t } = useTranslation();
  usePageTitle(t('common.tagline'));
  return (
    <PublicShell>
      <div className="mb-stack">
        <section className="mb-hero" aria-labelledby="hero-title">
          <h1 id="hero-title">{t('landing.title')}</h1>
          <p className="mb-lead">{t('landing.lead')}</p>
          <div className="mb-row">
            <Link className="mb-button" data-size="large" to="/signup">
              {t('landing.cta')}
            </Link>
            <Link className="mb-button" data-variant="secondary" data-size="large" to="/learn/signin">
              {t('landing.childCta')}
            </Link>
          </div>
        </section>
        <div className="mb-grid">
          <Card aria-labelledby="for-children">
            <h2 id="for-children">{t('landing.childTitle')}</h2>
            <p>{t('landing.childBody')}</p>
          </Card>
          <Card aria-labelledby="for-parents">
            <h2 id="for-parents">{t('landing.parentTitle')}</h2>
            <p>{t('landing.parentBody')}</p>
          </Card>
          <Card aria-labelledby="for-safety">
            <h2 id="for-safety">{t('landing.safetyTitle')}</h2>
            <p>{t('landing.safetyBody')}</p>
          </Card>
        </div>
        <section aria-labelledby="plans-title" className="mb-stack">
          <h2 id="plans-title">{t('landing.plansTitle')}</h2>
          <Plans />
        </section>
      </div>
    </PublicShell>
  );
}
