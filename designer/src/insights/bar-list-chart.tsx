import { useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_TICK, CHART_COLOURS } from './chart-theme.js';
import { countText } from './format.js';

/** A bar of a {@link BarListChart}: its label, count, colour (the brand's by default) and where a click leads. */
export interface BarItem {
  readonly label: string;
  readonly value: number;
  readonly colour?: string;
  readonly href?: string;
}

/**
 * Horizontal bars of counts (categories, severities, nodes, ages), one per item, each leading to
 * its `href` when clicked. Drawn for the eye: the card's table carries the same figures as text.
 */
export function BarListChart({ items, name, summary }: { items: readonly BarItem[]; name: string; summary: string }) {
  const navigate = useNavigate();
  const height = 40 + items.length * 30;
  return (
    <div className="insight-chart" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={[...items]} layout="vertical" accessibilityLayer={false} margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid stroke={CHART_COLOURS.grid} horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
          <YAxis type="category" dataKey="label" width={150} tick={AXIS_TICK} />
          <Tooltip formatter={(value) => countText(Number(value))} />
          <Bar dataKey="value" name={name} fill={CHART_COLOURS.primary} cursor="pointer" onClick={(entry: { payload?: BarItem }) => entry.payload?.href && void navigate(entry.payload.href)}>
            {items.map((item) => (
              <Cell key={item.label} fill={item.colour ?? CHART_COLOURS.primary} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
