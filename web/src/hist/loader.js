// Fetches of per-(run, tag) data: cached so redraws and re-renders never refetch, and limited
// to a few at a time so opening a tab with hundreds of cards does not flood the server.

const MAX_IN_FLIGHT = 4;

export function createLoader(api) {
  const cache = new Map();
  const queue = [];
  let inFlight = 0;

  function pump() {
    while (inFlight < MAX_IN_FLIGHT && queue.length) {
      const job = queue.shift();
      inFlight++;
      api.json(job.path).then(job.resolve, job.reject).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    // Resolves to the parsed JSON of `path`, shared by every caller until invalidated.
    get(path) {
      let p = cache.get(path);
      if (!p) {
        p = new Promise((resolve, reject) => queue.push({path, resolve, reject}));
        cache.set(path, p);
        // A failed fetch is not cached: the next draw tries again.
        p.catch(() => cache.get(path) === p && cache.delete(path));
        pump();
      }
      return p;
    },
    // Drop cached paths for which pred(path) is true (all when pred is omitted).
    invalidate(pred = () => true) {
      for (const key of [...cache.keys()]) if (pred(key)) cache.delete(key);
    },
  };
}

// Query string with proper escaping for run and tag names (they may hold spaces, '&', unicode).
export function query(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v]) q.append(k, item);
  }
  return `${path}?${q.toString()}`;
}
