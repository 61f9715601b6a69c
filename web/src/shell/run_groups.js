// Runs grouped by logdir name: with --logdir=name:path,name2:path2 every run name starts with
// "name/" (or is "name"), and /data/environment's data_location holds that spec.

// "a:/x,b:/y" -> ["a", "b"]; a plain path (or one with a URL scheme or drive letter) -> [].
export function logdirNames(dataLocation) {
  const names = [];
  for (const part of String(dataLocation || '').split(',')) {
    const match = /^([^/\\:]+):(.+)$/.exec(part.trim());
    if (!match) continue;
    const [, name, rest] = match;
    // gs://bucket/... is a URL, C:\logs a Windows drive: neither names a group.
    if (rest.startsWith('//') || (/^[A-Za-z]$/.test(name) && rest.startsWith('\\'))) continue;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

// -> [{name, runs}] in first-appearance order; name '' holds runs under no logdir name.
export function groupRuns(runs, names) {
  if (!names.length) return [{name: '', runs: [...runs]}];
  const groups = new Map();
  for (const run of runs) {
    // Longest name first, in case one name is a prefix of another ("a" and "a/b").
    const name = names.filter((n) => run === n || run.startsWith(n + '/'))
        .sort((x, y) => y.length - x.length)[0] || '';
    if (!groups.has(name)) groups.set(name, []);
    groups.get(name).push(run);
  }
  return [...groups].map(([name, members]) => ({name, runs: members}));
}
