// Numbers as the server writes them: JSON numbers, or "NaN", "Infinity", "-Infinity" strings.

export function toNumber(value) {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === null || value === undefined || value === '') return NaN;
  return Number(value);
}

// Python's repr() of a float, as TensorBoard's CSV downloads spell numbers: 1.0, 1e-05, nan,
// 0.0001, 1e+16. Python switches to exponent form below 1e-4 and from 1e16 on.
export function pythonFloat(value) {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let text;
  if (exponent >= 0) {
    const whole = digits.length > exponent + 1 ? digits.slice(0, exponent + 1) :
        digits.padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1);
    text = `${whole}.${fraction || '0'}`;
  } else {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return (negative ? '-' : '') + text;
}
