import { useTheme } from '@material-ui/core/styles';
import { KafkaLagSample } from '@kafka-taas/plugin-kafka-taas-common';
import { formatExactInteger } from './format';

const WIDTH = 120;
const HEIGHT = 24;
const PAD = 2;
/** Vertical resolution of the scaled lags: enough for a 24 px line. */
const STEPS = BigInt(1000);

/**
 * Each sample's lag on a 0..STEPS scale between the series' least and greatest lag, in BigInt:
 * lags are exact 64-bit values and only their positions relative to each other are drawn.
 */
export function scaleLags(lags: string[]): number[] {
  const values = lags.map(lag => BigInt(lag));
  let min = values[0];
  let max = values[0];
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  return values.map(v =>
    range === BigInt(0) ? 0 : Number(((v - min) * STEPS) / range),
  );
}

/**
 * The trend of a group's total lag over its sampled history, as a small inline SVG line;
 * "no history yet" while the sampler has fewer than two samples.
 */
export const LagSparkline = (props: {
  samples: KafkaLagSample[];
  label: string;
}) => {
  const { samples, label } = props;
  const theme = useTheme();
  if (samples.length < 2) {
    return <span>no history yet</span>;
  }
  const scaled = scaleLags(samples.map(s => s.totalLag));
  const steps = Number(STEPS);
  const points = scaled
    .map((y, i) => {
      const x = PAD + (i * (WIDTH - 2 * PAD)) / (scaled.length - 1);
      const top = HEIGHT - PAD - (y * (HEIGHT - 2 * PAD)) / steps;
      return `${x.toFixed(1)},${top.toFixed(1)}`;
    })
    .join(' ');
  const first = samples[0];
  const last = samples[samples.length - 1];
  const summary = `${label}: lag ${formatExactInteger(first.totalLag)} at ${
    first.at
  }, ${formatExactInteger(last.totalLag)} at ${last.at} (${
    samples.length
  } samples)`;
  return (
    <svg
      role="img"
      aria-label={summary}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
    >
      <title>{summary}</title>
      <polyline
        points={points}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={1.5}
        strokeLinejoin="round"
      />
    </svg>
  );
};
