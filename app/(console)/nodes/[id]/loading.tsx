export { PageLoading as default } from '@/components/shell/PageLoading';
