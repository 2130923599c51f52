/**
 * The parent's weekly learning report: one child, one week (Monday first, in
 * the family's time zone). `?child=` and `?week=` keep the choice in the
 * address, so the weekly notification can link straight to a report.
 */
import { Button, Notice, SelectField, useLoad } from '@manabee/ui';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useApis } from '../../api/hooks';
import type { WeeklyReport } from '../../api/reports';
import { errorCode, useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { formatDateRange } from '../../i18n/format';
import { LoadState } from './children-pages';
import { Daily, Highlights, Safety, Subjects, Summary } from './report-sections';
import { addDays, isLatestWeek, isPlainDate, todayIn } from './report-week';
import './reports.css';

function Report({
  report,
  busy,
  onWeek,
}: {
  report: WeeklyReport;
  busy: boolean;
  onWeek: (week: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const range = formatDateRange(report.weekStart, report.weekEnd, i18n.language);
  const latest = isLatestWeek(report);
  const today = report.complete ? null : todayIn(report.timeZone);
  const quiet = report.totalMessages === 0 && report.totalMinutes === 0;
  return (
    <div className="mb-stack" aria-busy={busy || undefined}>
      <div className="mb-row mb-spread mb-no-print">
        <nav aria-label={t('reports.weekNav')} className="mb-row">
          <Button variant="secondary" onClick={() => onWeek(addDays(report.weekStart, -7))}>
            <span aria-hidden="true">←</span> {t('reports.previousWeek')}
          </Button>
          <Button variant="secondary" disabled={latest} onClick={() => onWeek(addDays(report.weekStart, 7))}>
            {t('reports.nextWeek')} <span aria-hidden="true">→</span>
          </Button>
          {latest ? null : (
            <Button variant="secondary" onClick={() => onWeek(null)}>
              {t('reports.thisWeek')}
            </Button>
          )}
        </nav>
        <Button variant="secondary" onClick={() => window.print()}>
          {t('reports.print')}
        </Button>
      </div>
      {busy ? <p role="status">{t('reports.loadingWeek')}</p> : null}
      <header className="mb-stack mb-tight">
        <h2 className="mb-flush" data-testid="report-week">
          {t('reports.heading', { name: report.nickname, range })}
        </h2>
        {report.complete ? null : (
          <p className="mb-flush">
            <span className="mb-badge">{t('reports.soFar')}</span> {t('reports.soFarHint')}
          </p>
        )}
      </header>
      <Summary report={report} />
      {quiet ? (
        <Notice tone="info">{t('reports.quiet', { name: report.nickname })}</Notice>
      ) : (
        <>
          <Daily report={report} today={today} range={range} />
          <Subjects report={report} />
        </>
      )}
      <Highlights report={report} />
      <Safety report={report} />
    </div>
  );
}

function ChildReport({
  childId,
  weekOf,
  onWeek,
}: {
  childId: string;
  weekOf: string | null;
  onWeek: (week: string | null) => void;
}) {
  const { t } = useTranslation();
  const { reports } = useApis();
  const errorText = useErrorText();
  const key = `${childId}|${weekOf ?? ''}`;
  // The answer carries the request it answers: while the next week loads the last one stays, marked busy.
  const [loaded] = useLoad(async () => ({ key, result: await reports.weekly(childId, weekOf) }), [key]);
  if (loaded.state === 'error') {
    const code = errorCode(loaded.error);
    return (
      <div className="mb-stack">
        <Notice tone="error" live="assertive">
          {code === 'NOT_FOUND' || code === 'FORBIDDEN' ? t('reports.notFound') : errorText(loaded.error)}
        </Notice>
        {weekOf ? (
          <div>
            <Button variant="secondary" onClick={() => onWeek(null)}>
              {t('reports.thisWeek')}
            </Button>
          </div>
        ) : null}
      </div>
    );
  }
  return (
    <LoadState load={loaded}>
      {({ key: answered, result }) =>
        result.available ? (
          <Report report={result.value} busy={answered !== key} onWeek={onWeek} />
        ) : (
          <Notice tone="info">{t('reports.unavailable')}</Notice>
        )
      }
    </LoadState>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const { auth } = useApis();
  const [params, setParams] = useSearchParams();
  usePageTitle(t('reports.title'));
  const [children] = useLoad(() => auth.children(), []);
  const childParam = params.get('child');
  const weekParam = params.get('week');
  const weekOf = isPlainDate(weekParam) ? weekParam : null;

  function choose(child: string, week: string | null) {
    setParams(week ? { child, week } : { child });
  }

  return (
    <div className="mb-stack mb-report">
      <h1>{t('reports.title')}</h1>
      <p className="mb-flush mb-no-print">{t('reports.intro')}</p>
      <LoadState load={children}>
        {(kids) => {
          const selected = childParam || kids[0]?.id;
          if (!selected)
            return (
              <p>
                {t('reports.noChildren')} <Link to="/family/children/new">{t('family.stepAddChild')}</Link>
              </p>
            );
          const known = kids.some((k) => k.id === selected);
          return (
            <>
              <div className="mb-no-print mb-report-child">
                <SelectField
                  label={t('reports.chooseChild')}
                  value={known ? selected : ''}
                  options={[
                    ...(known ? [] : [{ value: '', label: t('reports.unknownChild') }]),
                    ...kids.map((k) => ({ value: k.id, label: k.nickname })),
                  ]}
                  onChange={(e) => {
                    if (e.target.value) choose(e.target.value, weekOf);
                  }}
                />
              </div>
              <ChildReport childId={selected} weekOf={weekOf} onWeek={(week) => choose(selected, week)} />
            </>
          );
        }}
      </LoadState>
    </div>
  );
}
