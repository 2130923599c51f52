/** The parts of a weekly report: totals, days, subjects, highlights and safety. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SUBJECTS } from '../../api/auth';
import type { ReportHighlight, WeeklyReport } from '../../api/reports';
import { formatMinutes, formatNumber, formatPercent, formatPlainDate } from '../../i18n/format';
import { DailyChart, DailyTable, type Metric } from './report-chart';
import { compareWeeks } from './report-week';

const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

function useSubjectLabel(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => t(`subjects.${(SUBJECTS as readonly string[]).includes(code) ? code : 'other'}`);
}

/** "42 min" and how it compares: "20% more than last week (35 min)", or "first active week". */
function Comparison({
  current,
  previous,
  show,
}: {
  current: number;
  previous: number;
  show: (value: number) => string;
}) {
  const { t, i18n } = useTranslation();
  const change = compareWeeks(current, previous);
  const text =
    change.kind === 'more' || change.kind === 'less'
      ? t(`reports.compare.${change.kind}`, {
          percent: formatPercent(change.percent, i18n.language),
          previous: show(previous),
        })
      : t(`reports.compare.${change.kind}`);
  return (
    <p className="mb-hint mb-flush" data-change={change.kind}>
      {text}
    </p>
  );
}

export function Summary({ report }: { report: WeeklyReport }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const minutes = (value: number) => formatMinutes(value, language);
  const count = (value: number) => formatNumber(value, language);
  const week = report.days.length || 7;
  return (
    <section aria-labelledby="report-summary" className="mb-stack">
      <h2 id="report-summary">{t('reports.summary')}</h2>
      <ul className="mb-plain-list mb-report-stats">
        <li className="mb-card mb-report-stat" data-testid="report-minutes">
          <span className="mb-report-stat-label">{t('reports.minutes')}</span>
          <strong className="mb-report-stat-value">{minutes(report.totalMinutes)}</strong>
          <Comparison current={report.totalMinutes} previous={report.previous.totalMinutes} show={minutes} />
        </li>
        <li className="mb-card mb-report-stat" data-testid="report-messages">
          <span className="mb-report-stat-label">{t('reports.messages')}</span>
          <strong className="mb-report-stat-value">{count(report.totalMessages)}</strong>
          <Comparison current={report.totalMessages} previous={report.previous.totalMessages} show={count} />
        </li>
        <li className="mb-card mb-report-stat" data-testid="report-active-days">
          <span className="mb-report-stat-label">{t('reports.activeDays')}</span>
          <strong className="mb-report-stat-value">
            {t('reports.activeDaysValue', { count: count(report.activeDays), total: count(week) })}
          </strong>
          <p className="mb-hint mb-flush">
            {t('reports.activeDaysBefore', { count: count(report.previous.activeDays), total: count(week) })}
          </p>
        </li>
        <li className="mb-card mb-report-stat" data-testid="report-conversations">
          <span className="mb-report-stat-label">{t('reports.conversations')}</span>
          <strong className="mb-report-stat-value">{count(report.conversations)}</strong>
        </li>
      </ul>
    </section>
  );
}

export function Daily({
  report,
  today,
  range,
}: {
  report: WeeklyReport;
  today: string | null;
  range: string;
}) {
  const { t } = useTranslation();
  const [metric, setMetric] = useState<Metric>('minutes');
  const name = useId();
  return (
    <section aria-labelledby="report-daily" className="mb-card mb-stack">
      <h2 id="report-daily">{t('reports.daily')}</h2>
      <fieldset className="mb-report-metric mb-no-print">
        <legend className="mb-legend">{t('reports.show')}</legend>
        {(['minutes', 'messages'] as const).map((option) => (
          <label key={option} className="mb-check">
            <input
              type="radio"
              name={name}
              value={option}
              checked={metric === option}
              onChange={() => setMetric(option)}
            />
            <span>{t(`reports.${option}`)}</span>
          </label>
        ))}
      </fieldset>
      <DailyChart days={report.days} metric={metric} today={today} range={range} />
      <DailyTable days={report.days} today={today} />
    </section>
  );
}

export function Subjects({ report }: { report: WeeklyReport }) {
  const { t, i18n } = useTranslation();
  const label = useSubjectLabel();
  // Codes this app does not know yet all read "other": add them up under one row.
  const rows = new Map<string, number>();
  for (const s of report.subjects) {
    const shown = label(s.subject);
    rows.set(shown, (rows.get(shown) ?? 0) + s.messages);
  }
  const total = [...rows.values()].reduce((sum, n) => sum + n, 0);
  const sorted = [...rows].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return (
    <section aria-labelledby="report-subjects" className="mb-card mb-stack">
      <h2 id="report-subjects">{t('reports.subjects')}</h2>
      {sorted.length === 0 ? (
        <p className="mb-flush">{t('reports.subjectsEmpty')}</p>
      ) : (
        <ul className="mb-plain-list mb-stack mb-tight" data-testid="report-subjects">
          {sorted.map(([subject, messages]) => {
            const share = Math.round((messages / total) * 100);
            return (
              <li key={subject} className="mb-report-subject">
                <span className="mb-report-subject-name">{subject}</span>
                <span className="mb-hint">
                  {t('reports.subjectShare', {
                    share: formatPercent(share, i18n.language),
                    messages: formatNumber(messages, i18n.language),
                  })}
                </span>
                <span className="mb-report-subject-track" aria-hidden="true">
                  <span className="mb-report-subject-bar" style={{ width: `${Math.max(share, 1)}%` }} />
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** A highlight in kind words for a parent; kinds this app does not know yet are left out. */
function useHighlightText(report: WeeklyReport): (highlight: ReportHighlight) => string | null {
  const { t, i18n } = useTranslation();
  const subject = useSubjectLabel();
  const name = report.nickname;
  return (h) => {
    switch (h.kind) {
      case 'streak':
        // One day is not a run yet.
        return h.count && h.count >= 2
          ? t('reports.highlight.streak', { name, count: formatNumber(h.count, i18n.language) })
          : null;
      case 'top_subject':
      case 'new_subject':
        return h.subject ? t(`reports.highlight.${h.kind}`, { name, subject: subject(h.subject) }) : null;
      case 'most_active_day':
        return h.date
          ? t('reports.highlight.most_active_day', {
              name,
              day: formatPlainDate(h.date, i18n.language, { weekday: 'long', month: 'long', day: 'numeric' }),
            })
          : null;
      case 'more_than_last_week':
      case 'less_than_last_week':
        return h.count !== null
          ? t(`reports.highlight.${h.kind}`, {
              name,
              percent: formatPercent(Math.abs(h.count), i18n.language),
            })
          : null;
      case 'quiet_week':
        return t('reports.highlight.quiet_week', { name });
      default:
        return null;
    }
  };
}

export function Highlights({ report }: { report: WeeklyReport }) {
  const { t } = useTranslation();
  const text = useHighlightText(report);
  const worded = report.highlights
    .map((h) => ({ key: `${h.kind}:${h.subject ?? ''}:${h.date ?? ''}`, text: text(h) }))
    .filter((h): h is { key: string; text: string } => h.text !== null);
  if (worded.length === 0) return null;
  return (
    <section aria-labelledby="report-highlights" className="mb-card mb-stack">
      <h2 id="report-highlights">{t('reports.highlights')}</h2>
      <ul className="mb-report-highlights mb-stack mb-tight" data-testid="report-highlights">
        {worded.map((h) => (
          <li key={h.key}>{h.text}</li>
        ))}
      </ul>
    </section>
  );
}

/** How often the child's messages touched a concern (bullying, …): counts in plain words, never what was said. */
function Concerns({ report }: { report: WeeklyReport }) {
  const { t, i18n } = useTranslation();
  // The server orders the categories and leaves out what is no concern; the page words those
  // it has words for (a category added on the server later is not shown as a raw key).
  const concerns = report.concerns.filter(
    (c) => c.messages > 0 && i18n.exists(`reports.concern.${c.category}`),
  );
  if (concerns.length === 0) return null;
  const name = report.nickname;
  return (
    <section aria-labelledby="report-concerns" className="mb-stack mb-tight" data-testid="report-concerns">
      <h3 id="report-concerns" className="mb-h3 mb-flush">
        {t('reports.concerns')}
      </h3>
      <p className="mb-hint mb-flush">{t('reports.concernsHint', { name })}</p>
      <ul className="mb-stack mb-tight">
        {concerns.map((c) => (
          <li key={c.category} data-concern={c.category}>
            {t('reports.concernCount', {
              label: t(`reports.concern.${c.category}`),
              count: c.messages,
              number: formatNumber(c.messages, i18n.language),
            })}
          </li>
        ))}
      </ul>
      {concerns
        .filter((c) => i18n.exists(`reports.concernAdvice.${c.category}`))
        .map((c) => (
          <p key={c.category} className="mb-flush" data-advice={c.category}>
            {t(`reports.concernAdvice.${c.category}`, { name })}
          </p>
        ))}
    </section>
  );
}

export function Safety({ report }: { report: WeeklyReport }) {
  const { t, i18n } = useTranslation();
  const counts = report.safetyAlerts.filter((s) => s.count > 0);
  const total = counts.reduce((sum, s) => sum + s.count, 0);
  const rank = (severity: string) => {
    const i = (SEVERITIES as readonly string[]).indexOf(severity);
    return i < 0 ? SEVERITIES.length : i;
  };
  const severityLabel = (severity: string) =>
    (SEVERITIES as readonly string[]).includes(severity)
      ? t(`alerts.severityLevel.${severity}`)
      : t('alerts.category.other');
  return (
    <section aria-labelledby="report-safety" className="mb-card mb-stack" data-testid="report-safety">
      <h2 id="report-safety">{t('reports.safety')}</h2>
      {total === 0 ? (
        <p className="mb-flush">{t('reports.safetyNone')}</p>
      ) : (
        <>
          <p className="mb-flush">
            {t('reports.safetyTotal', { count: formatNumber(total, i18n.language) })}
          </p>
          <ul className="mb-plain-list mb-row">
            {[...counts]
              .sort((a, b) => rank(a.severity) - rank(b.severity))
              .map((s) => (
                <li key={s.severity}>
                  <span
                    className="mb-badge"
                    data-tone={s.severity === 'high' || s.severity === 'critical' ? 'danger' : undefined}
                  >
                    {t('reports.safetyCount', {
                      severity: severityLabel(s.severity),
                      count: formatNumber(s.count, i18n.language),
                    })}
                  </span>
                </li>
              ))}
          </ul>
          <p className="mb-flush mb-no-print">
            <Link to="/family/alerts">{t('reports.safetyLink')}</Link>
          </p>
        </>
      )}
      <Concerns report={report} />
    </section>
  );
}
