// Colour for a line or point by the value of the "colour by" column: a blue → red ramp
// through violet, as users know it from TensorBoard's parallel coordinates.
const LOW = [50, 90, 220];
const MID = [150, 60, 190];
const HIGH = [225, 50, 60];

function mix(a, b, t) {
  return a.map((x, i) => Math.round(x + (b[i] - x) * t));
}

// t in [0, 1] → 'rgb(...)'.
export function ramp(t) {
  const c = !isFinite(t) ? [128, 128, 128] : t < 0.5 ? mix(LOW, MID, t * 2) : mix(MID, HIGH, (t - 0.5) * 2);
  return 'rgb(' + c.join(',') + ')';
}

// Returns row → colour for the column, using the rank of numbers so outliers do not wash the
// others out, and the position in the domain for categories.
export function colorFor(column, rows, fallback = 'rgb(90,110,200)') {
  if (!column) return () => fallback;
  const values = rows.map((r) => r.values.get(column.id));
  const keys = [...new Set(values.filter((v) => v !== undefined && !Number.isNaN(v)).map((v) => typeof v + ':' + v))];
  const sorted = column.type === 'number' ?
    [...new Set(values.filter((v) => typeof v === 'number' && !Number.isNaN(v)))].sort((a, b) => a - b) :
    keys;
  const position = new Map(sorted.map((v, i) => [typeof v === 'number' ? 'number:' + v : v, i]));
  return (row) => {
    const v = row.values.get(column.id);
    const i = position.get(typeof v + ':' + v);
    if (i === undefined) return 'rgb(150,150,150)';
    return ramp(sorted.length <= 1 ? 0.5 : i / (sorted.length - 1));
  };
}
