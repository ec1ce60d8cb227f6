import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Benchmarks in the real browser against a server started by `cargo xtask bench`.
export default defineConfig({
  ...base,
  testDir: 'bench',
  testMatch: '*.bench.ts',
  timeout: 300_000,
});
