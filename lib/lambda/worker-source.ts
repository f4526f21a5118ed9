/**
 * @module lambda/worker-source
 * Where the worker thread's script comes from: the compiled `worker.js` next
 * to this module (the build in dist/), or, when apigw-local runs from its
 * TypeScript sources (the tests), `worker.ts` transpiled once with the
 * TypeScript compiler and run as an eval'd worker.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let transpiled: string | undefined;

function source(): { script: string; eval: boolean } {
  const compiled = path.join(__dirname, 'worker.js');
  if (fs.existsSync(compiled)) return { script: compiled, eval: false };
  if (transpiled === undefined) {
    const tsFile = path.join(__dirname, 'worker.ts');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript') as typeof import('typescript');
    transpiled = ts.transpileModule(fs.readFileSync(tsFile, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: tsFile,
    }).outputText;
  }
  return { script: transpiled, eval: true };
}

export function startWorker(options: WorkerOptions): Worker {
  const s = source();
  return new Worker(s.script, { ...options, eval: s.eval });
}
