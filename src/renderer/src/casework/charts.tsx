/**
 * Small SVG bar charts for the report page, drawn here rather than with a chart library: one
 * horizontal bar per row, split into its series, scaled to the largest row. The table beside each
 * chart carries the same numbers for screen readers and copying.
 */

export interface BarSeries {
  label: string;
  /** A CSS colour; the pairs used pass contrast against white. */
  color: string;
}

export interface BarRow {
  label: string;
  /** One value per series. */
  values: number[];
}

const ROW = 22;
const LABEL_WIDTH = 230;
const BAR_WIDTH = 260;
const VALUE_WIDTH = 50;
/** Longer labels are cut with an ellipsis; the full text is the bar's tooltip and in the table. */
const LABEL_CHARS = 34;

const shortened = (label: string) =>
  label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;

export function StackedBars({ title, series, rows }: { title: string; series: BarSeries[]; rows: BarRow[] }) {
  const max = Math.max(1, ...rows.map((row) => row.values.reduce((a, b) => a + b, 0)));
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const height = rows.length * ROW + 24;
  return (
    <figure className="cw-chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
        {rows.map((row, i) => {
          const y = i * ROW;
          const total = row.values.reduce((a, b) => a + b, 0);
          let x = LABEL_WIDTH;
          return (
            <g key={row.label}>
              <title>{`${row.label}: ${total}`}</title>
              <text x={LABEL_WIDTH - 6} y={y + 15} textAnchor="end" fontSize="12" fill="#1c222b">
                {shortened(row.label)}
              </text>
              {row.values.map((value, s) => {
                const w = (value / max) * BAR_WIDTH;
                const rect = (
                  <rect
                    key={s}
                    x={x}
                    y={y + 4}
                    width={w}
                    height={ROW - 8}
                    fill={series[s]?.color ?? '#888'}
                  />
                );
                x += w;
                return rect;
              })}
              <text x={x + 4} y={y + 15} fontSize="12" fill="#5a6472">
                {total}
              </text>
            </g>
          );
        })}
        {series.map((s, i) => (
          <g key={s.label} transform={`translate(${8 + i * 230}, ${rows.length * ROW + 6})`}>
            <rect width="10" height="10" fill={s.color} />
            <text x="14" y="9" fontSize="11" fill="#1c222b">
              {s.label}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
