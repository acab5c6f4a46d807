export { ActionButtons, type ActionButtonsProps, type ActionTarget } from './ActionButtons';
export { RecentActions } from './RecentActions';
