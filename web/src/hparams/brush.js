// Brushing maths: a dragged pixel span on an axis becomes a column filter, and an existing
// filter becomes the span drawn on the axis, so brushes and the sidebar stay one state.

// Returns the filter a brush [y0, y1] (pixels, any order) on `scale` selects.
export function brushToFilter(scale, y0, y1) {
  const lo = Math.min(y0, y1);
  const hi = Math.max(y0, y1);
  if (scale.kind === 'point') {
    return {values: scale.domain.filter((v) => {
      const y = scale.toPx(v);
      return y >= lo && y <= hi;
    })};
  }
  const a = scale.invert(lo);
  const b = scale.invert(hi);
  return {min: Math.min(a, b), max: Math.max(a, b)};
}

// Returns the [top, bottom] pixel span that shows `filter` on `scale`, or null.
export function filterToBrush(scale, filter, pad = 6) {
  if (!filter) return null;
  const top = Math.min(scale.start, scale.end);
  const bottom = Math.max(scale.start, scale.end);
  const clamp = (y) => Math.min(bottom, Math.max(top, y));
  if (filter.values) {
    if (scale.kind !== 'point') {
      const ys = filter.values.filter((v) => typeof v === 'number').map(scale.toPx);
      if (!ys.length) return null;
      return [clamp(Math.min(...ys) - pad), clamp(Math.max(...ys) + pad)];
    }
    const ys = filter.values.map((v) => scale.toPx(v));
    if (!ys.length) return null;
    return [Math.min(...ys) - pad, Math.max(...ys) + pad];
  }
  if (scale.kind === 'point') return null;
  const hasMin = isFinite(filter.min);
  const hasMax = isFinite(filter.max);
  if (!hasMin && !hasMax) return null;
  const y1 = hasMin ? scale.toPx(filter.min) : scale.start;
  const y2 = hasMax ? scale.toPx(filter.max) : scale.end;
  return [clamp(Math.min(y1, y2)), clamp(Math.max(y1, y2))];
}

// A click without a drag clears the brush: spans shorter than this are clicks.
export const MIN_BRUSH_PX = 3;

// Columns the sidebar shows as checkboxes get a set of values from a brush, so the
// checkboxes can show it; the others get an interval.
export function brushFilterFor(column, scale, y0, y1) {
  const filter = brushToFilter(scale, y0, y1);
  if (column.discrete && !filter.values) {
    return {values: column.values.filter((v) => typeof v === 'number' && v >= filter.min && v <= filter.max)};
  }
  return filter;
}
