// Protobuf text format → plain objects, without a schema.
//
// Every field maps to an array of its values (the parser cannot know which fields are
// repeated). Scalars stay strings: quoted strings are decoded, numbers and enum names are
// kept as their raw tokens so int64 values keep every digit. Objects have no prototype,
// so a field called "constructor" is just a field.

const SPACE = 32, HASH = 35, QUOTE = 34, APOS = 39, BACKSLASH = 92;
const LBRACE = 123, RBRACE = 125, LT = 60, GT = 62, LBRACKET = 91, RBRACKET = 93;
const COLON = 58, COMMA = 44, SEMI = 59, NEWLINE = 10;

export class TextProtoError extends Error {}

const STRUCTURE = /["'{}<>#]/g;

/** Parses a whole text-format message. Throws TextProtoError with a line number. */
export function parseTextProto(text) {
  return new Parser(text).message(-1);
}

/** The first value of a field, or `fallback` when the field is absent. */
export function first(msg, field, fallback = undefined) {
  const values = msg && msg[field];
  return values && values.length ? values[0] : fallback;
}

/** All values of a field (an empty array when absent). */
export function all(msg, field) {
  return (msg && msg[field]) || EMPTY;
}

const EMPTY = Object.freeze([]);
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** The scanner, for callers that walk a big message field by field (see graphdef.js). */
export class Parser {
  constructor(text) {
    this.s = text;
    this.i = 0;
    this.n = text.length;
  }

  fail(what) {
    let line = 1;
    for (let k = 0; k < this.i && k < this.n; k++) if (this.s.charCodeAt(k) === NEWLINE) line++;
    throw new TextProtoError(`text proto, line ${line}: ${what}`);
  }

  skipSpace() {
    const s = this.s;
    while (this.i < this.n) {
      const c = s.charCodeAt(this.i);
      if (c <= SPACE) this.i++;
      else if (c === HASH) {
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 ? this.n : nl + 1;
      } else break;
    }
  }

  // close: the char code ending this message, or -1 for end of input.
  message(close) {
    const msg = Object.create(null);
    for (;;) {
      this.skipSpace();
      if (this.i >= this.n) {
        if (close !== -1) this.fail('unexpected end of input inside a message');
        return msg;
      }
      const c = this.s.charCodeAt(this.i);
      if (c === close) {
        this.i++;
        return msg;
      }
      if (c === COMMA || c === SEMI) {
        this.i++;
        continue;
      }
      const name = this.fieldName();
      this.skipSpace();
      if (this.s.charCodeAt(this.i) === COLON) {
        this.i++;
        this.skipSpace();
      }
      const values = msg[name] || (msg[name] = []);
      if (this.s.charCodeAt(this.i) === LBRACKET) {
        this.i++;
        for (;;) {
          this.skipSpace();
          const d = this.s.charCodeAt(this.i);
          if (d === RBRACKET) {
            this.i++;
            break;
          }
          if (d === COMMA) {
            this.i++;
            continue;
          }
          if (this.i >= this.n) this.fail('unexpected end of input inside a list');
          values.push(this.value());
        }
      } else {
        values.push(this.value());
      }
    }
  }

  /** At '{' or '<': moves past the matching close without building anything. */
  skipMessage() {
    // Jumping from one structural character to the next with a regex is several times
    // faster than looking at every character, and attrs are most of a GraphDef's text.
    const s = this.s;
    const re = STRUCTURE;
    let depth = 0;
    re.lastIndex = this.i;
    for (;;) {
      const m = re.exec(s);
      if (!m) break;
      const at = m.index;
      const c = s.charCodeAt(at);
      if (c === QUOTE || c === APOS) {
        this.i = at;
        this.skipString();
        re.lastIndex = this.i;
      } else if (c === HASH) {
        const nl = s.indexOf('\n', at);
        re.lastIndex = nl < 0 ? this.n : nl + 1;
      } else if (c === LBRACE || c === LT) {
        depth++;
      } else if (--depth === 0) {
        this.i = at + 1;
        return;
      }
    }
    this.i = this.n;
    this.fail('unexpected end of input inside a message');
  }

  skipString() {
    const s = this.s;
    const q = s[this.i];
    let at = this.i + 1;
    for (;;) {
      const end = s.indexOf(q, at);
      const nl = s.indexOf('\n', at);
      if (end < 0 || (nl >= 0 && nl < end)) {
        this.i = nl >= 0 ? nl : this.n;
        this.fail('unterminated string');
      }
      // The quote is escaped when an odd number of backslashes precede it.
      let k = end - 1;
      while (k >= at && s.charCodeAt(k) === BACKSLASH) k--;
      if ((end - 1 - k) % 2 === 0) {
        this.i = end + 1;
        return;
      }
      at = end + 1;
    }
  }

  /** Skips a `:` after a field name, if there is one. */
  colon() {
    this.skipSpace();
    if (this.s.charCodeAt(this.i) === COLON) {
      this.i++;
      this.skipSpace();
    }
  }

  atEnd() {
    this.skipSpace();
    return this.i >= this.n;
  }

  peek() {
    return this.s.charCodeAt(this.i);
  }

  value() {
    const c = this.s.charCodeAt(this.i);
    if (c === LBRACE || c === LT) {
      this.i++;
      return this.message(c === LBRACE ? RBRACE : GT);
    }
    if (c === QUOTE || c === APOS) return this.strings();
    return this.token();
  }

  fieldName() {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(start) === LBRACKET) {
      // An extension or Any type URL: [pkg.Ext] or [type.googleapis.com/pkg.Msg].
      const end = s.indexOf(']', start);
      if (end < 0) this.fail('unterminated [extension] name');
      this.i = end + 1;
      return s.slice(start, end + 1);
    }
    while (this.i < this.n && isWordChar(s.charCodeAt(this.i))) this.i++;
    if (this.i === start) this.fail(`expected a field name, found ${JSON.stringify(s[start])}`);
    return s.slice(start, this.i);
  }

  token() {
    const s = this.s;
    const start = this.i;
    while (this.i < this.n) {
      const c = s.charCodeAt(this.i);
      if (c <= SPACE || c === COMMA || c === SEMI || c === RBRACE || c === GT ||
          c === RBRACKET || c === HASH || c === LBRACE || c === LT) break;
      this.i++;
    }
    if (this.i === start) this.fail('expected a value');
    return s.slice(start, this.i);
  }

  // Adjacent string literals concatenate, as in C.
  strings() {
    let out = this.string();
    for (;;) {
      const save = this.i;
      this.skipSpace();
      const c = this.s.charCodeAt(this.i);
      if (c !== QUOTE && c !== APOS) {
        this.i = save;
        return out;
      }
      out += this.string();
    }
  }

  string() {
    const s = this.s;
    const q = s.charCodeAt(this.i);
    const start = ++this.i;
    let escaped = false;
    while (this.i < this.n) {
      const c = s.charCodeAt(this.i);
      if (c === q) break;
      if (c === BACKSLASH) {
        escaped = true;
        this.i += 2;
      } else if (c === NEWLINE) {
        this.fail('newline inside a string');
      } else {
        this.i++;
      }
    }
    if (this.i >= this.n) this.fail('unterminated string');
    const body = s.slice(start, this.i);
    this.i++;
    return escaped ? unescapeC(body) : body;
  }
}

function isWordChar(c) {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 ||
      c === 46; // '.' appears in group names of proto2 text
}

const SIMPLE = {n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63};

// C escapes name bytes; the bytes are then read as UTF-8 (what node names are).
function unescapeC(body) {
  const bytes = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code < 128) bytes.push(code);
      else {
        // Characters outside ASCII printed raw (as_utf8 output); keep their UTF-8 bytes.
        let j = i + 1;
        while (j < body.length && body.charCodeAt(j) >= 128 && body[j] !== '\\') j++;
        for (const b of encoder.encode(body.slice(i, j))) bytes.push(b);
        i = j - 1;
      }
      continue;
    }
    const e = body[++i];
    if (e === undefined) break;
    if (e in SIMPLE) bytes.push(SIMPLE[e]);
    else if (e >= '0' && e <= '7') {
      let v = 0, k = 0;
      while (k < 3 && body[i] >= '0' && body[i] <= '7') v = v * 8 + (body.charCodeAt(i++) - 48), k++;
      i--;
      bytes.push(v & 255);
    } else if (e === 'x' || e === 'X') {
      let v = 0, k = 0;
      while (k < 2 && /[0-9a-fA-F]/.test(body[i + 1] || '')) v = v * 16 + parseInt(body[++i], 16), k++;
      bytes.push(v & 255);
    } else {
      bytes.push(e.charCodeAt(0) & 255);
    }
  }
  return decoder.decode(new Uint8Array(bytes));
}
