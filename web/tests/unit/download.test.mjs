import {test} from 'node:test';
import assert from 'node:assert/strict';
import {buildCsv, buildJson, csvField, fileName} from '../../src/lib/download.js';
import {pythonFloat, toNumber} from '../../src/lib/numbers.js';

test('CSV of several runs, TensorBoard spelling, CRLF', () => {
  const csv = buildCsv({
    train: [[1700000010, 0, 1], [1700000010.5, 1, 0.5]],
    'a,"b"': [[1700000011, 2, NaN], [1700000012, 3, Infinity], [1700000013, 4, 1e-5]],
  });
  assert.equal(csv,
      'Run,Wall time,Step,Value\r\n' +
      'train,1700000010.0,0,1.0\r\n' +
      'train,1700000010.5,1,0.5\r\n' +
      '"a,""b""",1700000011.0,2,nan\r\n' +
      '"a,""b""",1700000012.0,3,inf\r\n' +
      '"a,""b""",1700000013.0,4,1e-05\r\n');
});

test('empty CSV has the header', () => {
  assert.equal(buildCsv({}), 'Run,Wall time,Step,Value\r\n');
});

test('JSON keeps non-finite values as the server spells them', () => {
  const json = JSON.parse(buildJson({r: [[1, 2, NaN], [3, 4, -Infinity], [5, 6, 0.25]]}));
  assert.deepEqual(json, {r: [[1, 2, 'NaN'], [3, 4, '-Infinity'], [5, 6, 0.25]]});
});

test('Python float spelling', () => {
  const cases = [[1, '1.0'], [0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1e16, '1e+16'],
    [123456789.5, '123456789.5'], [-2.5e-7, '-2.5e-07'], [0, '0.0'], [-Infinity, '-inf']];
  for (const [value, text] of cases) assert.equal(pythonFloat(value), text, String(value));
});

test('server numbers', () => {
  assert.ok(Number.isNaN(toNumber('NaN')));
  assert.equal(toNumber('Infinity'), Infinity);
  assert.equal(toNumber('-Infinity'), -Infinity);
  assert.equal(toNumber(2.5), 2.5);
});

test('csv fields and file names', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('x\ny'), '"x\ny"');
  assert.equal(fileName('run/a b', 'loss/total'), 'run_a_b-loss_total');
  assert.equal(fileName('損失'), '損失');
});
