// Wall times as the cards show them.
export function formatWallTime(secs) {
  if (!Number.isFinite(secs)) return '';
  const date = new Date(secs * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + ' ' +
    pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
}
