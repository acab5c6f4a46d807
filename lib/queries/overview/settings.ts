// Moved to lib/settings/org.ts; kept only until the worker's entry point imports it from there.
export { readSettings } from '@/lib/settings/org';
