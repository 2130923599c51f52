/**
 * The week's days as a bar chart, drawn by hand in SVG (no chart library: this
 * page is the only one with a chart). The picture is `role="img"` with a text
 * alternative; the same numbers are in a table that screen readers always
 * reach and anyone can show.
 */
import { Button } from '@manabee/ui';
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportDay } from '../../api/reports';
import { formatList, formatMinutes, formatNumber, formatPlainDate } from '../../i18n/format';

export type Metric = 'minutes' | 'messages';

const HEIGHT = 216;
const TOP = 30; // room for the value above the tallest bar
const BOTTOM = 52; // weekday and date under each bar
const SIDE = 4;
const FALLBACK_WIDTH = 560;

/** The drawing uses real CSS pixels (text stays readable on a phone): follow the box's width. */
function useWidth<E extends HTMLElement>(): [React.RefObject<E | null>, number] {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const measured = Math.round(element.clientWidth);
      if (measured > 0) setWidth(measured);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function DailyChart({
  days,
  metric,
  today,
  range,
}: {
  days: ReportDay[];
  metric: Metric;
  /** Set while the week is running: later days read "not yet", today's label is bold. */
  today: string | null;
  range: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const titleId = useId();
  const descId = useId();
  const [ref, width] = useWidth<HTMLDivElement>();

  const plot = HEIGHT - TOP - BOTTOM;
  const slot = (width - SIDE * 2) / Math.max(days.length, 1);
  const barWidth = Math.min(slot * 0.6, 56);
  const max = Math.max(1, ...days.map((d) => d[metric]));
  const later = (day: ReportDay) => today !== null && day.date > today;
  const amount = (value: number) =>
    metric === 'minutes' ? formatMinutes(value, language) : formatNumber(value, language);
  const total = days.reduce((sum, d) => sum + d[metric], 0);

  const title = t(metric === 'minutes' ? 'reports.chart.minutesTitle' : 'reports.chart.messagesTitle');
  const summary = t('reports.chart.summary', {
    range,
    values: formatList(
      days.map((d) =>
        t('reports.chart.dayValue', {
          day: formatPlainDate(d.date, language, { weekday: 'long' }),
          value: later(d) ? t('reports.chart.notYet') : amount(d[metric]),
        }),
      ),
      language,
    ),
    total: amount(total),
  });

  return (
    <div ref={ref} className="mb-chart" data-metric={metric}>
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width="100%"
        className="mb-chart-svg"
      >
        <title id={titleId}>{title}</title>
        <desc id={descId}>{summary}</desc>
        <line
          className="mb-chart-axis"
          x1={SIDE}
          x2={width - SIDE}
          y1={TOP + plot + 0.5}
          y2={TOP + plot + 0.5}
        />
        {days.map((day, i) => {
          const value = day[metric];
          const barHeight = value > 0 ? Math.max(3, (value / max) * plot) : 0;
          const center = SIDE + slot * i + slot / 2;
          const isToday = day.date === today;
          return (
            <g
              key={day.date}
              className="mb-chart-day"
              data-date={day.date}
              data-value={value}
              data-today={isToday ? 'true' : undefined}
            >
              {barHeight > 0 ? (
                <rect
                  className="mb-chart-bar"
                  x={center - barWidth / 2}
                  y={TOP + plot - barHeight}
                  width={barWidth}
                  height={barHeight}
                  rx={Math.min(6, barWidth / 4)}
                />
              ) : null}
              <text className="mb-chart-value" x={center} y={TOP + plot - barHeight - 8} textAnchor="middle">
                {later(day) ? '–' : formatNumber(value, language)}
              </text>
              <text
                className="mb-chart-label"
                x={center}
                y={TOP + plot + 22}
                textAnchor="middle"
                fontWeight={isToday ? 800 : undefined}
              >
                {formatPlainDate(day.date, language, { weekday: 'short' })}
              </text>
              <text
                className="mb-chart-label mb-chart-date"
                x={center}
                y={TOP + plot + 42}
                textAnchor="middle"
                fontWeight={isToday ? 800 : undefined}
              >
                {isToday ? t('reports.chart.today') : formatPlainDate(day.date, language, { day: 'numeric' })}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

/** The chart's numbers as a table: always there for screen readers and print, shown on request. */
export function DailyTable({ days, today }: { days: ReportDay[]; today: string | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [shown, setShown] = useState(false);
  const tableId = useId();
  const later = (day: ReportDay) => today !== null && day.date > today;
  return (
    <div className="mb-stack mb-tight">
      <div className="mb-no-print">
        <Button
          variant="secondary"
          aria-pressed={shown}
          aria-controls={tableId}
          onClick={() => setShown(!shown)}
        >
          {t('reports.tableToggle')}
        </Button>
      </div>
      <div id={tableId} className="mb-table-wrap mb-report-table" data-shown={shown ? 'true' : 'false'}>
        <table className="mb-table">
          <caption className="mb-visually-hidden">{t('reports.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.day')}</th>
              <th scope="col">{t('reports.minutes')}</th>
              <th scope="col">{t('reports.messages')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date} data-date={day.date}>
                <th scope="row">
                  {formatPlainDate(day.date, language)}
                  {day.date === today ? ` (${t('reports.chart.today')})` : ''}
                </th>
                {later(day) ? (
                  <>
                    <td>{t('reports.chart.notYet')}</td>
                    <td>{t('reports.chart.notYet')}</td>
                  </>
                ) : (
                  <>
                    <td>{formatMinutes(day.minutes, language)}</td>
                    <td>{formatNumber(day.messages, language)}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
