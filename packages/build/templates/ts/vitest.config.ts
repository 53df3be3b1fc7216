// This charm's tests, whatever vitest config a folder above it holds.
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
