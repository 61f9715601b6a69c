// AttrValue messages → short readable strings for the details panel.

import {first, all} from './pbtxt.js';
import {formatShape} from './graphdef.js';

const MAX_LIST = 12;
const MAX_CHARS = 200;

/** One line describing an AttrValue (its oneof decides the form). */
export function formatAttr(value) {
  if (!value) return '';
  if ('list' in value) return formatList(first(value, 'list'));
  if ('s' in value) return quote(first(value, 's'));
  if ('i' in value) return first(value, 'i');
  if ('f' in value) return first(value, 'f');
  if ('b' in value) return first(value, 'b');
  if ('type' in value) return first(value, 'type');
  if ('shape' in value) return formatShape(first(value, 'shape'));
  if ('tensor' in value) return formatTensor(first(value, 'tensor'));
  if ('placeholder' in value) return `$${first(value, 'placeholder')}`;
  if ('func' in value) return formatFunc(first(value, 'func'));
  return '';
}

function formatList(list) {
  const parts = [];
  for (const key of ['s', 'i', 'f', 'b', 'type', 'shape', 'tensor', 'func']) {
    for (const v of all(list, key)) parts.push(formatScalar(key, v));
  }
  const shown = parts.slice(0, MAX_LIST).join(', ');
  const more = parts.length > MAX_LIST ? `, … ${parts.length - MAX_LIST} more` : '';
  return clip(`[${shown}${more}]`);
}

function formatScalar(key, v) {
  if (key === 's') return quote(v);
  if (key === 'shape') return formatShape(v);
  if (key === 'tensor') return formatTensor(v);
  if (key === 'func') return formatFunc(v);
  return v;
}

/** "DT_FLOAT [3,3] = 1, 2, …" — dtype, shape and the first few values. */
export function formatTensor(t) {
  const dtype = first(t, 'dtype', 'DT_INVALID');
  const shape = formatShape(first(t, 'tensor_shape'));
  const content = first(t, 'tensor_content');
  let values = '';
  if (content !== undefined) {
    values = `${content.length} bytes`;
  } else {
    for (const key of Object.keys(t)) {
      if (!key.endsWith('_val')) continue;
      const vals = t[key];
      const shown = vals.slice(0, 6).map((v) => (key === 'string_val' ? quote(v) : v));
      values = shown.join(', ') + (vals.length > 6 ? ', …' : '');
      break;
    }
  }
  return clip(values ? `${dtype} ${shape} = ${values}` : `${dtype} ${shape}`);
}

function formatFunc(f) {
  return first(f, 'name', '');
}

function quote(s) {
  return clip(JSON.stringify(String(s)));
}

function clip(s) {
  return s.length > MAX_CHARS ? `${s.slice(0, MAX_CHARS - 1)}…` : s;
}
