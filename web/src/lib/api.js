// The one place that talks to the server. Paths are written as server paths ("/data/runs") and
// resolved relative to the page, so the UI works under --path_prefix and /experiment/<id>/.

// Turns a failed response into an Error whose message is what the server said: tracker answers
// {"error": "..."}; TensorBoard-style routes answer text/plain "Not found: ...".
async function responseError(response, path) {
  let message = '';
  try {
    const text = await response.text();
    try {
      const body = JSON.parse(text);
      message = body && typeof body.error === 'string' ? body.error : text;
    } catch {
      message = text.trim().startsWith('<') ? '' : text.trim();
    }
  } catch {
    // The body could not be read; the status says enough.
  }
  if (!message) message = `${response.status} ${response.statusText || 'error'} for ${path}`;
  const error = new Error(message);
  error.status = response.status;
  error.path = path;
  return error;
}

export function createApi(base = document.baseURI) {
  function url(path) {
    return new URL(String(path).replace(/^\/+/, ''), base).href;
  }

  async function request(path, {method, body, signal, headers = {}} = {}) {
    const init = {method: method || (body === undefined ? 'GET' : 'POST'), signal,
      credentials: 'same-origin', headers: {...headers}};
    if (body !== undefined) {
      const raw = typeof body === 'string' || body instanceof URLSearchParams ||
          body instanceof FormData || body instanceof Blob;
      init.body = raw ? body : JSON.stringify(body);
      if (!raw) init.headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(url(path), init);
    } catch (cause) {
      if (cause && cause.name === 'AbortError') throw cause;
      const error = new Error('Cannot reach the tracker server. Is it still running?');
      error.cause = cause;
      error.path = path;
      throw error;
    }
    if (!response.ok) throw await responseError(response, path);
    return response;
  }

  async function json(path, options) {
    const response = await request(path, options);
    return response.json();
  }

  async function text(path, options) {
    const response = await request(path, options);
    return response.text();
  }

  // For binary answers (the scalars batch route's columns).
  async function arrayBuffer(path, options) {
    const response = await request(path, options);
    return response.arrayBuffer();
  }

  return {url, json, text, arrayBuffer, request};
}

// Builds "path?k=v&k=v" with proper escaping; undefined and null values are left out.
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
