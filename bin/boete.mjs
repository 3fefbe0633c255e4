#!/usr/bin/env node
// The `boete` command. It runs the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm ci` runs through the prepare script). Without a build it falls back to the TypeScript
// sources through tsx: fine for development, but tsx makes every parse thread several times heavier.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
