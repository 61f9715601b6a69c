// User-typed filters: a case-insensitive regular expression, or, while the text is not a valid
// one (half-typed "(" say), a plain substring match so the list does not go blank.

export function compileFilter(text) {
  const source = String(text || '');
  if (!source) return {valid: true, test: () => true};
  try {
    const re = new RegExp(source, 'i');
    return {valid: true, test: (value) => re.test(value)};
  } catch {
    const needle = source.toLowerCase();
    return {valid: false, test: (value) => String(value).toLowerCase().includes(needle)};
  }
}
