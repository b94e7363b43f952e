#!/usr/bin/env node
// The `tessera` command. TypeScript sources run through tsx's loader, so the
// repository needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
