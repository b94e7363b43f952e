// V8 flags for the processes Tessera starts. A frontend renders pages by
// allocating many short-lived objects; a 32 MB young generation (V8's default
// is a few MB) makes scavenges rarer and cheaper: bench/ssr.ts went from 866
// to 1,107 document pages/s and p99 59 → 36 ms (docs/decisions/0033).
// The same flag is written where a frontend is started outside this code:
// package.json's `start` script, deploy/systemd and the frontend Dockerfile.
export const FRONTEND_NODE_FLAGS = ['--max-semi-space-size=32'];
