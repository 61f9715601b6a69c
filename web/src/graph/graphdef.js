// GraphDef text → the ops and data/control edges the graph view draws.
//
// A 10,000-op GraphDef is megabytes of text, mostly attrs. Building objects for all of it
// keeps the garbage collector busy for longer than everything else together, so each op's
// attrs are only located here and parsed when something asks for them (the details card,
// or the shape written on an edge).

import {Parser, parseTextProto, first, all} from './pbtxt.js';

/**
 * @typedef {{name: string, port: number, control: boolean}} Input
 * @typedef {{src: number, dst: number, port: number, control: boolean}} Edge
 */

export const TOO_LARGE_KEY = '_too_large_attrs';

const LBRACE = 123, LT = 60;

/** One NodeDef. `attrs`, `outputShapes` and `tooLarge` are parsed on first use. */
class Op {
  constructor(text) {
    this.text = text;
    this.name = '';
    this.op = '';
    this.device = '';
    this.inputs = [];
    this.attrRanges = []; // start, end, …: stretches of the node's text holding its attr fields
    this.parsed = null;
  }

  /** @returns {Array<{key: string, value: object}>} in GraphDef order (sorted by key) */
  get attrs() {
    return this.parse().attrs;
  }

  /** Formatted shapes of each output ("[?,784]"), or null without _output_shapes. */
  get outputShapes() {
    return this.parse().outputShapes;
  }

  /** Names of attrs the server left out for being too large. */
  get tooLarge() {
    return this.parse().tooLarge;
  }

  parse() {
    if (this.parsed) return this.parsed;
    const attrs = [];
    let outputShapes = null;
    let tooLarge = [];
    const r = this.attrRanges;
    for (let k = 0; k < r.length; k += 2) {
      for (const entry of all(parseTextProto(this.text.slice(r[k], r[k + 1])), 'attr')) {
        const key = first(entry, 'key', '');
        const value = first(entry, 'value', Object.create(null));
        if (key === '_output_shapes') outputShapes = all(first(value, 'list'), 'shape').map(formatShape);
        if (key === TOO_LARGE_KEY) tooLarge = [...all(first(value, 'list'), 's')];
        attrs.push({key, value});
      }
    }
    this.text = null; // the slices are parsed; let the big string go once every op is
    this.parsed = {attrs, outputShapes, tooLarge};
    return this.parsed;
  }
}

/** Parses GraphDef text format; an empty body is an empty graph. */
export function parseGraphDef(text) {
  const ops = [];
  const rest = Object.create(null); // versions, library, …: small, parsed the ordinary way
  readTopLevel(text, ops, rest);
  return assemble(ops, rest);
}

/**
 * Parses GraphDef text as it downloads, so parsing overlaps the transfer: push() each
 * decoded chunk, finish() for the graph. Canonical text splits safely after a line that is
 * just "}" (the end of a top-level field); anything else is parsed whole at the end.
 */
export class GraphDefStream {
  constructor() {
    this.ops = [];
    this.rest = Object.create(null);
    this.pending = '';
    this.chunks = [];
    this.whole = false; // fell back to one parse of the whole text
  }

  push(chunk) {
    this.chunks.push(chunk);
    if (this.whole) return;
    this.pending += chunk;
    const cut = this.pending.lastIndexOf('\n}\n');
    if (cut < 0) return;
    const head = this.pending.slice(0, cut + 3);
    this.pending = this.pending.slice(cut + 3);
    try {
      readTopLevel(head, this.ops, this.rest);
    } catch {
      this.whole = true; // not split where we thought: parse it all at the end
    }
  }

  /** @returns {{graph, text}} the graph as parseGraphDef gives it, and the whole text */
  finish() {
    const text = this.chunks.join('');
    if (this.whole) return {graph: parseGraphDef(text), text};
    readTopLevel(this.pending, this.ops, this.rest);
    return {graph: assemble(this.ops, this.rest), text};
  }
}

function readTopLevel(text, ops, rest) {
  const p = new Parser(text);
  while (!p.atEnd()) {
    const at = p.i;
    const field = p.fieldName();
    p.colon();
    const open = p.peek();
    if (field === 'node' && (open === LBRACE || open === LT)) {
      // The server prints canonical text: `node {` at the start of a line, fields indented
      // below it, `}` alone at the start of the line that ends it.
      const canonical = open === LBRACE && text.charCodeAt(p.i + 1) === 10 &&
          (at === 0 || text.charCodeAt(at - 1) === 10);
      const fast = canonical ? readCanonicalNode(text, p.i + 2) : null;
      if (fast) {
        ops.push(fast.op);
        p.i = fast.end;
      } else {
        ops.push(readNode(p, text, canonical));
      }
    } else {
      (rest[field] || (rest[field] = [])).push(p.value());
    }
  }
}

// One header line of a canonical node; a regex runs as fast before the JIT warms up as after,
// which is what matters for a graph parsed once.
const HEADER_LINE = /  (name|op|input|device): "((?:[^"\\\n]|\\.)*)"\n/y;
const ATTR_OPEN = '  attr {\n';

// The canonical fast path: header lines, then either the attrs (skipped to the node's end)
// or the closing brace. Returns null on anything else, and the general reader takes over.
function readCanonicalNode(text, pos) {
  const op = new Op(text);
  for (;;) {
    HEADER_LINE.lastIndex = pos;
    const m = HEADER_LINE.exec(text);
    if (m) {
      const v = m[2].includes('\\') ? parseTextProto(`v: "${m[2]}"`).v[0] : m[2];
      const f = m[1];
      if (f === 'name') op.name = v;
      else if (f === 'op') op.op = v;
      else if (f === 'device') op.device = v;
      else op.inputs.push(parseInput(v));
      pos = HEADER_LINE.lastIndex;
      continue;
    }
    if (text.startsWith(ATTR_OPEN, pos)) {
      const end = text.indexOf('\n}', pos);
      const after = text.charCodeAt(end + 2);
      if (end < 0 || !(after === 10 || Number.isNaN(after))) return null;
      op.attrRanges.push(pos, end + 1);
      return {op, end: end + 2};
    }
    if (text.charCodeAt(pos) === 125 && (text.charCodeAt(pos + 1) === 10 || pos + 1 === text.length)) {
      return {op, end: pos + 1};
    }
    return null;
  }
}

// Reads one `node { … }`, keeping only the positions of its attrs. In canonical text the
// attrs come last and the node ends at the next line starting with '}': one indexOf skips
// them all, instead of scanning their (mostly shape and tensor) text.
function readNode(p, text, canonical) {
  const close = p.peek() === LBRACE ? 125 : 62;
  p.i++;
  const op = new Op(text);
  for (;;) {
    p.skipSpace();
    const c = p.peek();
    if (c === close) {
      p.i++;
      return op;
    }
    if (p.i >= p.n) p.fail('unexpected end of input inside a node');
    if (c === 44 || c === 59) { // , ;
      p.i++;
      continue;
    }
    const at = p.i;
    const field = p.fieldName();
    p.colon();
    if (field === 'attr' && (p.peek() === LBRACE || p.peek() === LT)) {
      if (canonical) {
        const end = text.indexOf('\n}', p.i);
        const after = text.charCodeAt(end + 2);
        if (end >= 0 && (after === 10 || Number.isNaN(after))) {
          op.attrRanges.push(at, end + 1);
          p.i = end + 2;
          return op;
        }
      }
      p.skipMessage();
      op.attrRanges.push(at, p.i);
      continue;
    }
    const v = p.value();
    if (field === 'name') op.name = v;
    else if (field === 'op') op.op = v;
    else if (field === 'device') op.device = v;
    else if (field === 'input') op.inputs.push(parseInput(v));
    // experimental_debug_info, experimental_type: not shown
  }
}

function assemble(ops, rest) {
  const index = new Map();
  const unique = [];
  for (const op of ops) {
    if (index.has(op.name)) continue; // a GraphDef never repeats names; keep the first if it does
    index.set(op.name, unique.length);
    unique.push(op);
  }
  const edges = [];
  const missing = new Set();
  unique.forEach((op, dst) => {
    for (const input of op.inputs) {
      const src = index.get(input.name);
      if (src === undefined) {
        missing.add(input.name);
        continue;
      }
      edges.push({src, dst, port: input.port, control: input.control});
    }
  });
  const versions = first(rest, 'versions');
  return {ops: unique, edges, index, missing: [...missing], producer: first(versions, 'producer', '')};
}

/** "^a/b" is a control input; "a/b:2" is output 2 of a/b; function graphs write "f:out:0". */
export function parseInput(raw) {
  let name = raw;
  let control = false;
  if (name.charCodeAt(0) === 94) { // ^
    control = true;
    name = name.slice(1);
  }
  let port = 0;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const tail = name.slice(name.lastIndexOf(':') + 1);
    port = /^\d+$/.test(tail) ? Number(tail) : 0;
    name = name.slice(0, colon);
  }
  return {name, port, control};
}

/** TensorShapeProto → "[?,784]", "[]" for a scalar, "<unknown>" for unknown rank. */
export function formatShape(shape) {
  if (!shape) return '<unknown>';
  if (first(shape, 'unknown_rank') === 'true') return '<unknown>';
  const dims = all(shape, 'dim').map((d) => {
    const size = first(d, 'size', '0');
    return size === '-1' ? '?' : size;
  });
  return `[${dims.join(',')}]`;
}
