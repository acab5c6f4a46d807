import { notFoundPage } from '@/components/ui';

export default notFoundPage('incident');
