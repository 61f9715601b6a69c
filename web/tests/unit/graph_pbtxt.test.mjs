// The text-format parser on real server answers and on the corner cases of the syntax.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {parseTextProto, first, all, TextProtoError} from '../../src/graph/pbtxt.js';

const fixture = (name) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

test('parses the mnist_tbx GraphDef answer', () => {
  const msg = parseTextProto(fixture('graph_mnist_tbx.pbtxt'));
  const nodes = all(msg, 'node');
  assert.equal(nodes.length, 27);
  assert.equal(first(nodes[0], 'name'), 'input/x');
  assert.equal(first(nodes[0], 'op'), 'Placeholder');
  const dtype = all(nodes[0], 'attr').find((a) => first(a, 'key') === 'dtype');
  assert.equal(first(first(dtype, 'value'), 'type'), 'DT_FLOAT');
});

test('every field is an array, scalars stay raw tokens', () => {
  const msg = parseTextProto('a: 1\na: -2\nb { c: 9223372036854775807 d: inf }\ne: true');
  assert.deepEqual(msg.a, ['1', '-2']);
  assert.equal(first(first(msg, 'b'), 'c'), '9223372036854775807');
  assert.equal(first(first(msg, 'b'), 'd'), 'inf');
  assert.equal(first(msg, 'e'), 'true');
  assert.equal(first(msg, 'missing', 'x'), 'x');
  assert.deepEqual(all(msg, 'missing'), []);
});

test('decodes C escapes as UTF-8 bytes and concatenates adjacent strings', () => {
  const msg = parseTextProto(
      's: "a\\"b\\\\c\\n" t: "\\303\\251t\\xc3\\xa9" u: "x" \'y\' v: "日本" w: "\\377\\000"');
  assert.equal(first(msg, 's'), 'a"b\\c\n');
  assert.equal(first(msg, 't'), 'été');
  assert.equal(first(msg, 'u'), 'xy');
  assert.equal(first(msg, 'v'), '日本');
  assert.equal(first(msg, 'w').length, 2); // invalid UTF-8 becomes a replacement char, not a throw
});

test('accepts the optional syntax: colons before messages, <>, lists, comments, separators', () => {
  const msg = parseTextProto('# head\nm: { x: 1; } n < y: "2", > l: [1, 2, 3] k: [{z: 1}, {z: 2}]');
  assert.equal(first(first(msg, 'm'), 'x'), '1');
  assert.equal(first(first(msg, 'n'), 'y'), '2');
  assert.deepEqual(msg.l, ['1', '2', '3']);
  assert.equal(all(msg, 'k').length, 2);
});

test('field names that are Object.prototype members are plain fields', () => {
  const msg = parseTextProto('constructor: 1 __proto__: 2 toString { a: 1 }');
  assert.deepEqual(msg.constructor, ['1']);
  assert.deepEqual(msg.__proto__, ['2']);
  assert.equal(all(msg, 'toString').length, 1);
});

test('empty input is an empty message; broken input throws with a line', () => {
  assert.deepEqual(Object.keys(parseTextProto('')), []);
  assert.throws(() => parseTextProto('node {\n name: "a"\n'), TextProtoError);
  assert.throws(() => parseTextProto('a: "open\n"'), /line 1/);
  assert.throws(() => parseTextProto('a {\n }\n }'), /line 3/);
});

test('parses a run_metadata answer', () => {
  const msg = parseTextProto(fixture('run_metadata_mnist_tbx.txt'));
  const dev = all(first(msg, 'step_stats'), 'dev_stats');
  assert.ok(dev.length >= 1);
  assert.ok(all(dev[0], 'node_stats').length > 0);
});
