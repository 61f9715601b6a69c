// The server's change feed (Server-Sent Events on data/tracker/events): tells the page which
// runs and tags changed, so it refetches only those. The browser reconnects by itself and
// resumes from Last-Event-ID; we only report the connection state for the live indicator.

// onChange(payload): {generation, runs: {run: [tag, ...]}, removed_runs: [run, ...]}
// onStatus(status): 'connecting' | 'live' | 'offline'
export function connectEvents(url, {onChange, onStatus}) {
  if (typeof EventSource === 'undefined') {
    onStatus('offline');
    return {close() {}};
  }
  let source = null;
  let retryTimer = null;
  let closed = false;

  function open() {
    onStatus('connecting');
    source = new EventSource(url);
    source.onopen = () => onStatus('live');
    source.onmessage = (event) => {
      let payload;
      try {
        payload = JSON.parse(event.data);
      } catch {
        return;  // Not ours (a proxy's message); the next event carries the state anyway.
      }
      onChange(normalise(payload));
    };
    source.onerror = () => {
      if (closed) return;
      // CONNECTING: the browser is retrying by itself. CLOSED: it gave up (e.g. an HTTP
      // error); retry ourselves, slowly, so a restarted server is picked up.
      if (source.readyState === EventSource.CLOSED) {
        onStatus('offline');
        source.close();
        retryTimer = setTimeout(open, 5000);
      } else {
        onStatus('offline');
      }
    };
  }
  open();

  return {
    close() {
      closed = true;
      clearTimeout(retryTimer);
      if (source) source.close();
    },
  };
}

function normalise(payload) {
  return {
    generation: payload.generation,
    runs: payload.runs && typeof payload.runs === 'object' ? payload.runs : {},
    removed_runs: Array.isArray(payload.removed_runs) ? payload.removed_runs : [],
  };
}

// Folds several change payloads into one (events arriving while a refresh is pending).
export function mergeChanges(a, b) {
  if (!a) return b;
  const runs = {...a.runs};
  for (const [run, tags] of Object.entries(b.runs)) {
    runs[run] = [...new Set([...(runs[run] || []), ...tags])];
  }
  const removed = new Set([...a.removed_runs, ...b.removed_runs]);
  for (const run of Object.keys(b.runs)) removed.delete(run);
  for (const run of b.removed_runs) delete runs[run];
  return {generation: b.generation, runs, removed_runs: [...removed]};
}
