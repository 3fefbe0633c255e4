#!/usr/bin/env node
// The `boete` command. It runs the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm ci` runs through the prepare script). Without a build it falls back to the TypeScript
// sources through tsx: fine for development, but tsx makes every parse thread several times heavier.
// The CLI (src/cli) gets the worker side (workers/runtime) from here, so src/ never imports workers/.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
let cli;
let loadWorkers;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
  loadWorkers = () => import(new URL('../dist/workers/runtime.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli/main.ts');
  loadWorkers = () => import('../workers/runtime.ts');
}
// The worker side (with the reading stack: pdf.js, sharp, Tesseract, ~60 MB and a second) is
// loaded when a command first uses it, so `migrate`, `export` or a contract import start light.
const runtime = new Proxy({}, { get: (_, name) => async (...args) => (await loadWorkers()).runtime[name](...args) });
await cli.runCli(runtime);
