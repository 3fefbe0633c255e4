#!/usr/bin/env node
// The `boete` command. The product runs its TypeScript sources through tsx's loader, so a checkout
// works right after `npm ci` with no build step and there is exactly one copy of the code.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
