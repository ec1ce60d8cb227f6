import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// Two instances on one PostgreSQL database: `cargo xtask test` step 7 starts
// them and passes B as BASE_URL, A as BASE_URL_A.
export default defineConfig({ ...base, testMatch: '*.multi.ts' });
