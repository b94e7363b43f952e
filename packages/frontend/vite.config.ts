import { reactRouter } from '@react-router/dev/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [reactRouter()],
  // The Node server (src/server) imports the server build; keep its
  // dependencies external so sanitize-html etc. load from node_modules.
  build: { sourcemap: false },
  logLevel: 'warn',
});
