// Name scopes ('/' in op names) → a tree of groups, and each op-level edge assigned to the
// one group whose children it connects (the lowest common scope of its two ends), with
// parallel edges between the same two children merged into one counted edge.

/**
 * @typedef {object} Item   a box in the view: an op or a group (name scope)
 * @property {string} key   unique: an op's full name, or a group's path + '/'
 * @property {'op'|'group'} kind
 * @property {string} label last path segment (a chunk's range for synthetic groups)
 * @property {Item|null} parent
 * @property {number} depth 0 for children of the root
 * Groups also have: path, children, opCount, edges (AggEdge[]), synthetic, signature.
 * Ops also have: index (into graph.ops).
 *
 * @typedef {{from: Item, to: Item, count: number, control: number, sample: object}} AggEdge
 */

/** Groups with more direct children than this get split into synthetic chunks, so that no
 *  single dagre layout ever sees more than about this many nodes. */
export const MAX_CHILDREN = 200;

export function buildHierarchy(graph, maxChildren = MAX_CHILDREN) {
  const root = newGroup('', '', null);
  root.depth = -1;
  const groups = new Map([['', root]]);
  // Most ops share their scope with the previous ones: one lookup of the parent path,
  // creating missing scopes outermost first only when it is new.
  const scope = (path) => {
    let g = groups.get(path);
    if (g) return g;
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? root : scope(path.slice(0, slash));
    g = newGroup(path, path.slice(slash + 1), parent);
    groups.set(path, g);
    parent.children.push(g);
    return g;
  };
  let last = root;
  const opItems = graph.ops.map((op, index) => {
    const slash = op.name.lastIndexOf('/');
    let parent = root;
    if (slash >= 0) {
      const same = last !== root && last.path.length === slash && op.name.startsWith(last.path);
      parent = last = same ? last : scope(op.name.slice(0, slash));
    }
    const item = {key: op.name, kind: 'op', label: op.name.slice(slash + 1), parent, depth: 0, index};
    parent.children.push(item);
    return item;
  });
  for (const g of [...groups.values()]) if (g.children.length > maxChildren) chunk(g, maxChildren);
  finish(root, -1, graph);
  assignEdges(root, opItems, graph.edges);
  return {root, opItems, groups: collectGroups(root)};
}

function newGroup(path, label, parent) {
  return {key: `${path}/`, kind: 'group', label, path, parent, depth: 0, children: [],
    opCount: 0, edges: [], synthetic: false, signature: ''};
}

// Splits a wide group into consecutive chunks (GraphDef order is usually topological, so
// chunks follow the data flow); chunks of chunks keep every level under the limit.
function chunk(group, limit) {
  let level = group.children;
  for (let round = 0; level.length > limit; round++) {
    const size = Math.ceil(level.length / Math.ceil(level.length / limit));
    const next = [];
    for (let at = 0; at < level.length; at += size) {
      const part = level.slice(at, at + size);
      const n = next.length;
      // The path holds a character TensorFlow never puts in names, so keys stay unique.
      const c = newGroup(`${group.path}/\u22ef${round}.${n}`,
          `${firstLabel(part[0])} … ${lastLabel(part[part.length - 1])}`, group);
      c.synthetic = true;
      c.children = part;
      for (const child of part) child.parent = c;
      next.push(c);
    }
    level = next;
  }
  group.children = level;
}

function firstLabel(item) {
  return item.synthetic ? firstLabel(item.children[0]) : item.label;
}

function lastLabel(item) {
  return item.synthetic ? lastLabel(item.children[item.children.length - 1]) : item.label;
}

// Depths, op counts and a structural signature (op types used), so that scopes with the
// same structure (layer_1, layer_2, …) get the same colour.
function finish(group, depth, graph) {
  group.depth = depth;
  const types = new Map();
  for (const child of group.children) {
    child.parent = group;
    if (child.kind === 'op') {
      child.depth = depth + 1;
      group.opCount++;
      const t = graph.ops[child.index].op;
      types.set(t, (types.get(t) || 0) + 1);
    } else {
      finish(child, depth + 1, graph);
      group.opCount += child.opCount;
      for (const [t, n] of child.types) types.set(t, (types.get(t) || 0) + n);
    }
  }
  group.types = types;
  group.signature = [...types.keys()].sort().join(',');
}

function assignEdges(root, opItems, edges) {
  const merged = new Map();
  for (const e of edges) {
    const a = opItems[e.src], b = opItems[e.dst];
    if (a === b) continue;
    // Walk the deeper end up until both ends hang under one group.
    let x = a, y = b;
    while (x.depth > y.depth) x = x.parent;
    while (y.depth > x.depth) y = y.parent;
    while (x.parent !== y.parent) {
      x = x.parent;
      y = y.parent;
    }
    if (x === y) continue; // one end contains the other: an op inside the scope it feeds
    const id = `${x.key}\u0000${y.key}`;
    let agg = merged.get(id);
    if (!agg) {
      agg = {from: x, to: y, count: 0, control: 0, sample: e};
      merged.set(id, agg);
      x.parent.edges.push(agg);
    }
    agg.count++;
    if (e.control) agg.control++;
  }
}

function collectGroups(root) {
  const out = [];
  const walk = (g) => {
    out.push(g);
    for (const c of g.children) if (c.kind === 'group') walk(c);
  };
  walk(root);
  return out;
}

/** Ancestors of an item from the outermost group down (the root excluded). */
export function ancestors(item) {
  const out = [];
  for (let p = item.parent; p && p.depth >= 0; p = p.parent) out.push(p);
  return out.reverse();
}
