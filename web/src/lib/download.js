// Files built in the page: CSV and JSON of several runs of one tag, and saving them.
import {pythonFloat} from './numbers.js';

// rows: {run: [[wall_time, step, value], ...]} -> CSV text like TensorBoard's per-run download
// with a leading Run column (CRLF, Python number spelling), runs in the given order.
export function buildCsv(seriesByRun) {
  const lines = ['Run,Wall time,Step,Value'];
  for (const [run, points] of Object.entries(seriesByRun)) {
    const name = csvField(run);
    for (const [wall, step, value] of points) {
      lines.push(`${name},${pythonFloat(wall)},${step},${pythonFloat(value)}`);
    }
  }
  return lines.join('\r\n') + '\r\n';
}

// Same data as JSON; non-finite values as the strings the server uses ("NaN", "Infinity").
export function buildJson(seriesByRun) {
  const out = {};
  for (const [run, points] of Object.entries(seriesByRun)) {
    out[run] = points.map(([wall, step, value]) => [wall, step, jsonNumber(value)]);
  }
  return JSON.stringify(out);
}

export function csvField(text) {
  const value = String(text);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function jsonNumber(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

// A file name from free text: keeps letters, digits, dot, dash, underscore.
export function fileName(...parts) {
  return parts.map((part) => String(part).replace(/[^\p{L}\p{N}._-]+/gu, '_'))
      .join('-').replace(/_+/g, '_').slice(0, 180);
}

export function saveText(text, name, type) {
  saveBlob(new Blob([text], {type}), name);
}

export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
