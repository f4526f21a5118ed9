#!/usr/bin/env node
/** `npm start` runs this first: compiles TypeScript when dist/ is missing or older than any source file. */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const marker = path.join(root, 'dist', 'lib', 'cli.js');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.(ts|json)$/.test(e.name)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
if (built < Math.max(newest(path.join(root, 'lib')), fs.statSync(path.join(root, 'tsconfig.build.json')).mtimeMs)) {
  process.stderr.write('apigw-local: compiling TypeScript…\n');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  fs.utimesSync(marker, new Date(), new Date());
}
