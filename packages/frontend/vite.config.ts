// The browser bundle: one entry (src/app/entry-client.tsx) with its CSS,
// hashed under build/client/assets, and a manifest the server reads to link
// them (src/server/build.ts). The server renders from the sources directly.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  publicDir: 'public',
  build: {
    outDir: 'build/client',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    rollupOptions: { input: 'src/app/entry-client.tsx' },
  },
  logLevel: 'warn',
});
