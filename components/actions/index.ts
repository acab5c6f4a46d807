export { ActionButtons } from './ActionButtons';
export { RecentActions } from './RecentActions';
