// TensorBoard's scalar smoothing: a debiased exponential moving average. The server computes it
// for the scalars dashboard on full-resolution data; this copy serves other callers and the
// tests that pin the definition.

// values: numbers (NaN and ±Infinity allowed); weight in [0, 1]. Non-finite values pass
// through and do not enter the average; a constant series comes back unchanged (TensorBoard
// #786: debiasing would otherwise show float noise on a flat line).
export function smooth(values, weight) {
  const out = new Array(values.length);
  if (!(weight > 0)) {
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  const first = values[0];
  // `==` like TensorBoard: a NaN first value makes nothing equal to it.
  const constant = values.every((v) => v == first);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (constant || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    count++;
    const debias = weight === 1 ? 1 : 1 - Math.pow(weight, count);
    out[i] = last / debias;
  }
  return out;
}
