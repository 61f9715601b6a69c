// Writes an event file whose GraphDef looks like a deep model: `layers` layers of ~`perLayer`
// ops each in nested name scopes (model/layer_i/dense/kernel/...), their gradients and
// optimizer updates, plus one wide flat scope — about 10,000 ops with the defaults.
//
//   node bench/web/gen_graph.mjs OUT_DIR [--layers=100] [--wide=1700]
// The run is OUT_DIR itself (put it under a logdir).

import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Msg, tfRecord} from '../../web/tests/e2e/event_file.mjs';

const DT_FLOAT = 1;

function shape(dims) {
  const s = new Msg();
  for (const d of dims) s.field(2, new Msg().varint(1, d));
  return s;
}

function node(name, op, inputs, outShapes, extra = []) {
  const n = new Msg().field(1, name).field(2, op);
  for (const i of inputs) n.field(3, i);
  n.field(4, '/job:localhost/replica:0/task:0/device:GPU:0');
  const attrs = [['T', new Msg().varint(6, DT_FLOAT)], ...extra];
  if (outShapes) {
    const list = new Msg();
    for (const s of outShapes) list.field(7, shape(s));
    attrs.push(['_output_shapes', new Msg().field(1, list)]);
  }
  attrs.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  for (const [k, v] of attrs) n.field(5, new Msg().field(1, k).field(2, v));
  return n;
}

/** The list of NodeDef messages. */
export function buildGraph({layers = 100, wide = 1700} = {}) {
  const nodes = [];
  const add = (...a) => nodes.push(node(...a));
  const W = 256;
  add('input/x', 'Placeholder', [], [[-1, W]]);
  add('input/y', 'Placeholder', [], [[-1]]);
  let prev = 'input/x';
  const layerOuts = [];
  for (let i = 0; i < layers; i++) {
    const s = `model/layer_${i}`;
    for (const v of ['kernel', 'bias']) {
      const dims = v === 'kernel' ? [W, W] : [W];
      add(`${s}/dense/${v}/Initializer/random_uniform/shape`, 'Const', [], [[dims.length]]);
      add(`${s}/dense/${v}/Initializer/random_uniform/min`, 'Const', [], [[]]);
      add(`${s}/dense/${v}/Initializer/random_uniform/max`, 'Const', [], [[]]);
      add(`${s}/dense/${v}/Initializer/random_uniform/RandomUniform`, 'RandomUniform',
          [`${s}/dense/${v}/Initializer/random_uniform/shape`], [dims]);
      add(`${s}/dense/${v}/Initializer/random_uniform/sub`, 'Sub',
          [`${s}/dense/${v}/Initializer/random_uniform/max`, `${s}/dense/${v}/Initializer/random_uniform/min`], [[]]);
      add(`${s}/dense/${v}/Initializer/random_uniform/mul`, 'Mul',
          [`${s}/dense/${v}/Initializer/random_uniform/RandomUniform`, `${s}/dense/${v}/Initializer/random_uniform/sub`], [dims]);
      add(`${s}/dense/${v}/Initializer/random_uniform`, 'Add',
          [`${s}/dense/${v}/Initializer/random_uniform/mul`, `${s}/dense/${v}/Initializer/random_uniform/min`], [dims]);
      add(`${s}/dense/${v}`, 'VariableV2', [], [dims]);
      add(`${s}/dense/${v}/Assign`, 'Assign', [`${s}/dense/${v}`, `${s}/dense/${v}/Initializer/random_uniform`], [dims]);
      add(`${s}/dense/${v}/read`, 'Identity', [`${s}/dense/${v}`], [dims]);
    }
    add(`${s}/dense/MatMul`, 'MatMul', [prev, `${s}/dense/kernel/read`], [[-1, W]]);
    add(`${s}/dense/BiasAdd`, 'BiasAdd', [`${s}/dense/MatMul`, `${s}/dense/bias/read`], [[-1, W]]);
    add(`${s}/batch_norm/moments/mean`, 'Mean', [`${s}/dense/BiasAdd`], [[1, W]]);
    add(`${s}/batch_norm/moments/variance`, 'Mean', [`${s}/dense/BiasAdd`, `${s}/batch_norm/moments/mean`], [[1, W]]);
    add(`${s}/batch_norm/add/y`, 'Const', [], [[]]);
    add(`${s}/batch_norm/add`, 'Add', [`${s}/batch_norm/moments/variance`, `${s}/batch_norm/add/y`], [[1, W]]);
    add(`${s}/batch_norm/Rsqrt`, 'Rsqrt', [`${s}/batch_norm/add`], [[1, W]]);
    add(`${s}/batch_norm/sub`, 'Sub', [`${s}/dense/BiasAdd`, `${s}/batch_norm/moments/mean`], [[-1, W]]);
    add(`${s}/batch_norm/mul`, 'Mul', [`${s}/batch_norm/sub`, `${s}/batch_norm/Rsqrt`], [[-1, W]]);
    add(`${s}/relu`, 'Relu', [`${s}/batch_norm/mul`], [[-1, W]]);
    add(`${s}/dropout/rate`, 'Const', [], [[]]);
    add(`${s}/dropout/random_uniform`, 'RandomUniform', [], [[-1, W]]);
    add(`${s}/dropout/GreaterEqual`, 'GreaterEqual', [`${s}/dropout/random_uniform`, `${s}/dropout/rate`], [[-1, W]]);
    add(`${s}/dropout/mul`, 'Mul', [`${s}/relu`, `${s}/dropout/GreaterEqual`], [[-1, W]]);
    add(`${s}/dropout/Identity`, 'Identity', [`${s}/dropout/mul`, `^${s}/dense/kernel/Assign`], [[-1, W]]);
    prev = `${s}/dropout/Identity`;
    layerOuts.push(prev);
  }
  add('loss/sub', 'Sub', [prev, 'input/y'], [[-1, W]]);
  add('loss/Square', 'Square', ['loss/sub'], [[-1, W]]);
  add('loss/Const', 'Const', [], [[2]]);
  add('loss/Mean', 'Mean', ['loss/Square', 'loss/Const'], [[]]);
  let grad = 'loss/Mean';
  for (let i = layers - 1; i >= 0; i--) {
    const g = `gradients/model/layer_${i}`;
    const names = ['dropout/mul_grad/Mul', 'dropout/mul_grad/Sum', 'dropout/mul_grad/Reshape',
      'relu_grad/ReluGrad', 'batch_norm/mul_grad/Mul', 'batch_norm/mul_grad/Mul_1',
      'batch_norm/sub_grad/Neg', 'dense/BiasAdd_grad/BiasAddGrad', 'dense/MatMul_grad/MatMul',
      'dense/MatMul_grad/MatMul_1', 'dense/MatMul_grad/tuple/group_deps',
      'dense/MatMul_grad/tuple/control_dependency', 'dense/MatMul_grad/tuple/control_dependency_1',
      'batch_norm/moments/mean_grad/Shape', 'batch_norm/moments/mean_grad/Tile',
      'batch_norm/moments/mean_grad/truediv', 'batch_norm/moments/variance_grad/Shape',
      'batch_norm/moments/variance_grad/Tile', 'batch_norm/moments/variance_grad/truediv',
      'batch_norm/Rsqrt_grad/RsqrtGrad', 'batch_norm/add_grad/Sum', 'batch_norm/add_grad/Reshape',
      'batch_norm/AddN', 'dropout/Identity_grad/Identity', 'AddN', 'AddN_1'];
    let last = grad;
    for (const n of names) {
      add(`${g}/${n}`, n.endsWith('group_deps') ? 'NoOp' : 'Mul', [last, `model/layer_${i}/relu`], [[-1, W]]);
      last = `${g}/${n}`;
    }
    grad = last;
    for (const v of ['kernel', 'bias']) {
      const u = `optimizer/update_model/layer_${i}/dense/${v}`;
      add(`${u}/ApplyAdam`, 'ApplyAdam', [`model/layer_${i}/dense/${v}`, last, 'optimizer/beta1_power/read',
        'optimizer/learning_rate'], [[W]]);
      for (const slot of ['m', 'v']) {
        const z = `optimizer/slots/layer_${i}/dense/${v}/${slot}`;
        add(`${z}/Initializer/zeros`, 'Const', [], [[W]]);
        add(z, 'VariableV2', [], [[W]]);
        add(`${z}/Assign`, 'Assign', [z, `${z}/Initializer/zeros`], [[W]]);
        add(`${z}/read`, 'Identity', [z], [[W]]);
        add(`${u}/${slot}_update`, 'Mul', [`${z}/read`, last], [[W]]);
      }
    }
  }
  add('optimizer/learning_rate', 'Const', [], [[]]);
  add('optimizer/beta1_power', 'VariableV2', [], [[]]);
  add('optimizer/beta1_power/read', 'Identity', ['optimizer/beta1_power'], [[]]);
  const updates = [];
  for (let i = 0; i < layers; i++) updates.push(`^optimizer/update_model/layer_${i}/dense/kernel/ApplyAdam`);
  add('optimizer/step', 'NoOp', updates, null);
  // A wide flat scope, as summary ops often are: tests chunking of scopes with many children.
  for (let i = 0; i < wide; i++) {
    add(`summaries/histogram_${i}`, 'HistogramSummary', [layerOuts[i % layerOuts.length]], [[]]);
  }
  return nodes;
}

export function writeEventFile(dir, nodes) {
  mkdirSync(dir, {recursive: true});
  const graph = new Msg();
  for (const n of nodes) graph.field(1, n);
  graph.field(4, new Msg().varint(1, 27));
  const wall = 1714000000;
  const records = [
    tfRecord(new Msg().double(1, wall).field(3, 'brain.Event:2').encode()),
    tfRecord(new Msg().double(1, wall + 1).varint(2, 0).field(4, graph).encode()),
  ];
  const file = path.join(dir, `events.out.tfevents.${wall}.bench.1.0`);
  writeFileSync(file, Buffer.concat(records));
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node gen_graph.mjs OUT_DIR [--layers=N] [--wide=N]');
    process.exit(2);
  }
  const opt = {};
  for (const a of process.argv.slice(3)) {
    const m = /^--(layers|wide)=(\d+)$/.exec(a);
    if (m) opt[m[1]] = Number(m[2]);
  }
  const nodes = buildGraph(opt);
  const file = writeEventFile(out, nodes);
  console.log(JSON.stringify({file, nodes: nodes.length}));
}
