import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The editor bundle: root `editor/`, output `dist/editor/` (served by the server at `/` with SPA fallback).
 * `npm run dev` proxies the API and webhooks to a server on FLOWWERK_DEV_TARGET (default 127.0.0.1:5680).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const target = process.env['FLOWWERK_DEV_TARGET'] ?? 'http://127.0.0.1:5680';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/editor', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/webhook': { target, changeOrigin: false },
      '/webhook-test': { target, changeOrigin: false },
      '/healthz': { target, changeOrigin: false },
    },
  },
});
