/**
 * Provisions and deprovisions per day as paired SVG bars. Thirty days of two series is a few
 * lines of SVG; a charting library would outweigh the rest of the console.
 */
export function BarChart({ days }: { days: { day: string; provisions: number; deprovisions: number }[] }) {
  const height = 120;
  const slot = 18;
  const max = Math.max(1, ...days.flatMap((day) => [day.provisions, day.deprovisions]));
  const bar = (value: number) => (value / max) * (height - 20);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${Math.max(days.length, 1) * slot} ${height}`} role="img" aria-label="Provisions and deprovisions per day">
        {days.map((day, index) => (
          <g key={day.day} transform={`translate(${index * slot}, 0)`}>
            <title>{`${day.day}: ${day.provisions} provisioned, ${day.deprovisions} deprovisioned`}</title>
            <rect className="provisions" x={2} y={height - bar(day.provisions)} width={7} height={bar(day.provisions)} />
            <rect className="deprovisions" x={9} y={height - bar(day.deprovisions)} width={7} height={bar(day.deprovisions)} />
          </g>
        ))}
      </svg>
      <figcaption>
        <span className="key provisions" /> provisions <span className="key deprovisions" /> deprovisions, per day over 30 days
      </figcaption>
    </figure>
  );
}
