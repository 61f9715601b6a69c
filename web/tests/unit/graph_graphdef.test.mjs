// GraphDef → ops and edges, inputs' ^control and :port forms, and attr formatting.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseGraphDef, parseInput, TOO_LARGE_KEY, GraphDefStream} from '../../src/graph/graphdef.js';
import {formatAttr} from '../../src/graph/attr_format.js';
import {parseTextProto} from '../../src/graph/pbtxt.js';

const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

test('parseInput splits control markers and output ports', () => {
  assert.deepEqual(parseInput('a/b'), {name: 'a/b', port: 0, control: false});
  assert.deepEqual(parseInput('^a/b'), {name: 'a/b', port: 0, control: true});
  assert.deepEqual(parseInput('a/b:3'), {name: 'a/b', port: 3, control: false});
  assert.deepEqual(parseInput('f:output:1'), {name: 'f', port: 1, control: false});
});

test('the keras_fit graph: ops, edges, devices and output shapes', () => {
  const g = parseGraphDef(fixture('graph_tf2_keras_fit.pbtxt'));
  assert.equal(g.ops.length, 80);
  assert.equal(g.missing.length, 0);
  const id = g.ops[g.index.get('dense/Identity')];
  assert.equal(id.op, 'Identity');
  assert.deepEqual(id.inputs.map((i) => i.control), [false, true, true]);
  const ctrl = g.edges.filter((e) => e.control);
  assert.ok(ctrl.length >= 4);
  const x = g.ops[g.index.get('Inputs')];
  assert.ok(Array.isArray(x.outputShapes));
  assert.equal(g.producer, '175');
});

test('mnist_tbx graph has devices and a 784-wide placeholder', () => {
  const g = parseGraphDef(fixture('graph_mnist_tbx.pbtxt'));
  const x = g.ops[g.index.get('input/x')];
  assert.deepEqual(x.outputShapes, ['[?,784]']);
  assert.ok(g.ops.some((o) => o.device.includes('GPU')));
});

test('an empty answer is an empty graph; unknown inputs are reported, not fatal', () => {
  assert.equal(parseGraphDef('').ops.length, 0);
  const g = parseGraphDef('node { name: "a" op: "Add" input: "gone" input: "^b" } node { name: "b" op: "Const" }');
  assert.deepEqual(g.missing, ['gone']);
  assert.equal(g.edges.length, 1);
  assert.equal(g.edges[0].control, true);
});

test('too-large attrs are listed', () => {
  const g = parseGraphDef(`node { name: "c" op: "Const" attr { key: "${TOO_LARGE_KEY}" value { list { s: "value" } } } }`);
  assert.deepEqual(g.ops[0].tooLarge, ['value']);
});

test('formatAttr covers the AttrValue oneof', () => {
  const v = (text) => parseTextProto(text);
  assert.equal(formatAttr(v('type: DT_FLOAT')), 'DT_FLOAT');
  assert.equal(formatAttr(v('s: "NHWC"')), '"NHWC"');
  assert.equal(formatAttr(v('i: 3')), '3');
  assert.equal(formatAttr(v('b: true')), 'true');
  assert.equal(formatAttr(v('shape { dim { size: -1 } dim { size: 10 } }')), '[?,10]');
  assert.equal(formatAttr(v('shape { unknown_rank: true }')), '<unknown>');
  assert.equal(formatAttr(v('list { i: 1 i: 2 }')), '[1, 2]');
  assert.equal(formatAttr(v('list { }')), '[]');
  assert.equal(formatAttr(v('tensor { dtype: DT_INT32 tensor_shape { dim { size: 2 } } int_val: 4 int_val: 5 }')),
      'DT_INT32 [2] = 4, 5');
  assert.equal(formatAttr(v('tensor { dtype: DT_INT32 tensor_shape { } tensor_content: "\\001\\000" }')),
      'DT_INT32 [] = 2 bytes');
  assert.equal(formatAttr(v('func { name: "f" }')), 'f');
});

test('canonical server text and the same graph on one line parse alike', () => {
  const text = fixture('graph_tf2_keras_fit.pbtxt');
  const a = parseGraphDef(text);
  const b = parseGraphDef(text.replace(/\n\s*/g, ' '));
  assert.equal(a.ops.length, b.ops.length);
  for (let i = 0; i < a.ops.length; i++) {
    assert.equal(a.ops[i].name, b.ops[i].name);
    assert.deepEqual(a.ops[i].inputs, b.ops[i].inputs);
    assert.deepEqual(a.ops[i].attrs.map((x) => [x.key, formatAttr(x.value)]),
        b.ops[i].attrs.map((x) => [x.key, formatAttr(x.value)]));
    assert.deepEqual(a.ops[i].outputShapes, b.ops[i].outputShapes);
  }
  assert.ok(a.ops.some((op) => op.attrs.length > 2));
});

test('fields after the attrs of a node are still read', () => {
  const g = parseGraphDef('node {\n  name: "a"\n  attr {\n    key: "T"\n    value {\n      type: DT_FLOAT\n    }\n  }\n' +
      '  experimental_debug_info {\n    original_node_names: "x"\n  }\n}\nnode {\n  name: "b"\n  op: "Neg"\n  input: "a"\n}\n');
  assert.deepEqual(g.ops.map((o) => o.name), ['a', 'b']);
  assert.equal(g.ops[0].attrs[0].key, 'T');
  assert.equal(g.edges.length, 1);
});

test('canonical nodes with escaped names decode them', () => {
  const g = parseGraphDef('node {\n  name: "caf\\303\\251/x\\"q"\n  op: "Const"\n}\nnode {\n  name: "b"\n  op: "Neg"\n  input: "caf\\303\\251/x\\"q:1"\n  device: "/cpu:0"\n}\n');
  assert.deepEqual(g.ops.map((o) => o.name), ['café/x"q', 'b']);
  assert.deepEqual(g.edges, [{src: 0, dst: 1, port: 1, control: false}]);
  assert.equal(g.ops[1].device, '/cpu:0');
  assert.deepEqual(g.ops[1].attrs, []);
});

test('parsing as chunks arrive gives the same graph as parsing the whole text', () => {
  const text = fixture('graph_tf2_keras_fit.pbtxt');
  const whole = parseGraphDef(text);
  const summary = (g) => JSON.stringify({names: g.ops.map((o) => o.name), edges: g.edges, producer: g.producer,
    attrs: g.ops.map((o) => o.attrs.map((a) => [a.key, formatAttr(a.value)]))});
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const sizes of [[1], [7], [100], [4096], null]) {
    const stream = new GraphDefStream();
    for (let at = 0; at < text.length;) {
      const n = sizes ? sizes[0] : 1 + Math.floor(rand() * 3000);
      stream.push(text.slice(at, at + n));
      at += n;
    }
    const {graph, text: joined} = stream.finish();
    assert.equal(joined, text);
    assert.equal(summary(graph), summary(whole), `chunks of ${sizes || 'random size'}`);
  }
  // Text that is not canonical is parsed whole at the end.
  const flat = 'node { name: "a" op: "C" }\n}\nnode { name: "b" op: "N" input: "a" }';
  const s = new GraphDefStream();
  s.push(flat.slice(0, 20));
  s.push(flat.slice(20));
  assert.throws(() => s.finish());
  const ok = new GraphDefStream();
  ok.push('node { name: "a" op: "C" } node { name: "b" op: "N" input: "a" }');
  assert.equal(ok.finish().graph.edges.length, 1);
});
