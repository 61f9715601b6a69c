// The batch route's binary answer (src/plugins/scalars_plugin.h): a little-endian uint32 H,
// H bytes of JSON naming each series, then per series its float64 columns. The columns become
// Float64Array views of the response itself: nothing to parse or convert per point.

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

// ArrayBuffer -> one entry per requested series, in order:
//   {run, tag, error} or {run, tag, stamp, n, wall, step, value, smoothed}
// where wall, step and value are null when the server left the raw points out (the client
// sent the stamp it holds), and smoothed is null without smoothing.
export function decodeBatch(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < 4) throw new Error('batch answer too short');
  const headerBytes = view.getUint32(0, true);
  if (4 + headerBytes > buffer.byteLength) throw new Error('batch answer header cut short');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, headerBytes)));
  let offset = 4 + headerBytes;
  const column = (n) => {
    if (offset + 8 * n > buffer.byteLength) throw new Error('batch answer cut short');
    const out = LITTLE_ENDIAN ? new Float64Array(buffer, offset, n) : readSwapped(view, offset, n);
    offset += 8 * n;
    return out;
  };
  return (header.series || []).map((entry) => {
    if (entry.error) return {run: entry.run, tag: entry.tag, error: entry.error};
    const n = entry.n;
    const out = {run: entry.run, tag: entry.tag, stamp: entry.stamp, n, wall: null, step: null,
      value: null, smoothed: null};
    if (entry.raw) {
      out.wall = column(n);
      out.step = column(n);
      out.value = column(n);
    }
    if (entry.smoothed) out.smoothed = column(n);
    return out;
  });
}

function readSwapped(view, offset, n) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, true);
  return out;
}

// Completes answers that left the raw points out with the columns the client holds (`held`:
// per series the earlier result, or null). Returns {results, stale}: `stale` lists the series
// whose answer cannot be completed (nothing held with that stamp and length), to fetch again
// in full; their results are null.
export function completeWithHeld(entries, held) {
  const stale = [];
  const results = entries.map((entry, i) => {
    if (entry.error || entry.value) return entry;
    const old = held && held[i];
    if (!old || old.error || old.stamp !== entry.stamp || !old.value ||
        old.value.length !== entry.n) {
      stale.push(i);
      return null;
    }
    return {...entry, wall: old.wall, step: old.step, value: old.value};
  });
  return {results, stale};
}
