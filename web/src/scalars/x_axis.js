// The horizontal axis choices and how a loaded series maps onto them.

export const X_AXES = [
  {id: 'step', label: 'Step'},
  {id: 'relative', label: 'Relative', title: 'Time since the run\'s first point'},
  {id: 'wall', label: 'Wall', title: 'Wall-clock time'},
];

// loaded: {wall, step} columns; start: the series' first wall time (kept from the unzoomed
// load, so a zoomed load keeps the same origin).
// The same columns give the same array back (relative times are kept per wall column), so a
// chart can tell that only the smoothing changed.
const relativeTimes = new WeakMap();  // wall column -> {origin, xs}

export function xValues(loaded, xType, start) {
  if (xType === 'step') return loaded.step;
  if (xType === 'wall') return loaded.wall;
  const origin = Number.isFinite(start) ? start : loaded.wall[0];
  const hit = relativeTimes.get(loaded.wall);
  if (hit && Object.is(hit.origin, origin)) return hit.xs;
  const xs = loaded.wall.map((w) => w - origin);
  relativeTimes.set(loaded.wall, {origin, xs});
  return xs;
}

// A zoom window in x units -> the step range to fetch at full detail, from the points on
// screen: steps of the points inside the window widened by one neighbour on each side, so the
// lines still run to the edges. null when nothing is inside.
export function stepWindow(loadedList, xType, starts, [x0, x1]) {
  if (xType === 'step') return [Math.floor(x0), Math.ceil(x1)];
  let lo = Infinity;
  let hi = -Infinity;
  loadedList.forEach((loaded, k) => {
    const xs = xValues(loaded, xType, starts[k]);
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] < x0 || xs[i] > x1) continue;
      const a = loaded.step[Math.max(0, i - 1)];
      const b = loaded.step[Math.min(xs.length - 1, i + 1)];
      lo = Math.min(lo, a, loaded.step[i]);
      hi = Math.max(hi, b, loaded.step[i]);
    }
  });
  return lo <= hi ? [lo, hi] : null;
}
