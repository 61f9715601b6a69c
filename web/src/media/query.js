// Query strings for the media routes.
export function query(path, params) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) search.set(k, String(v));
  return path + '?' + search.toString();
}
