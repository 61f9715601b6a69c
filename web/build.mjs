// Builds the web UI into web/dist (or --outdir=DIR): one minified app.js (ES module bundle of src/main.js), one
// app.css (our styles plus uPlot's) and index.html. Run from web/: `node build.mjs`
// (`--watch` rebuilds on change). Only esbuild, so it runs on Node 18 and 20.
import * as esbuild from 'esbuild';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const webDir = path.dirname(fileURLToPath(import.meta.url));
// --outdir=DIR: where the C++ build wants the bundle (build/web); web/dist otherwise.
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const outDir = outArg ? path.resolve(outArg.slice('--outdir='.length)) : path.join(webDir, 'dist');
const watch = process.argv.includes('--watch');

const options = {
  absWorkingDir: webDir,
  entryPoints: {app: 'src/main.js'},
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: !watch,
  sourcemap: watch ? 'inline' : false,
  outdir: outDir,
  entryNames: '[name]',
  loader: {'.css': 'css'},
  legalComments: 'none',
  logLevel: 'info',
  metafile: true,
};

// No inline script or style: the page's Content-Security-Policy allows only files from the
// server. The relative paths keep it working under --path_prefix.
const indexHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>tracker</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="app.css">
<script type="module" src="app.js"></script>
</head>
<body>
<noscript>tracker's dashboard needs JavaScript.</noscript>
</body>
</html>
`;

function writeIndex() {
  writeFileSync(path.join(outDir, 'index.html'), indexHtml);
}

if (watch) {
  mkdirSync(outDir, {recursive: true});
  writeIndex();
  const context = await esbuild.context(options);
  await context.watch();
} else {
  rmSync(outDir, {recursive: true, force: true});
  mkdirSync(outDir, {recursive: true});
  const result = await esbuild.build(options);
  writeIndex();
  const sizes = Object.entries(result.metafile.outputs)
      .map(([file, info]) => `${path.relative(webDir, file)} ${(info.bytes / 1024).toFixed(1)} KiB`);
  console.log(sizes.join('\n'));
  // Keep an eye on the budget (whole UI < 500 KB gzipped): report the gzipped size too.
  const {gzipSync} = await import('node:zlib');
  let gz = 0;
  for (const file of Object.keys(result.metafile.outputs)) gz += gzipSync(readFileSync(file)).length;
  console.log(`gzipped total ${(gz / 1024).toFixed(1)} KiB`);
}
