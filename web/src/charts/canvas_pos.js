// uPlot's valToPos(v, key, true) for its linear and log scales, with the scale read once: the
// smoothed lines map every point of every series (tens of thousands per chart), and uPlot's
// own call costs a lookup and two dispatches each. Same arithmetic as uPlot's getHPos/getVPos
// (a log scale keeps log10 of its ends in _min/_max); other scales fall back to uPlot.
export function canvasPos(u, key) {
  const sc = u.scales[key];
  const log = sc.distr === 3;
  if ((sc.distr !== 1 && !log) || sc.dir === -1 || !(sc._max > sc._min)) {
    return (v) => u.valToPos(v, key, true);
  }
  const lo = sc._min;
  const {left, top, width, height} = u.bbox;
  if (sc.ori === 0) {
    const k = width / (sc._max - lo);
    return log ? (v) => left + (Math.log10(v) - lo) * k : (v) => left + (v - lo) * k;
  }
  const k = height / (sc._max - lo);
  const bottom = top + height;
  return log ? (v) => bottom - (Math.log10(v) - lo) * k : (v) => bottom - (v - lo) * k;
}
