import { ROLES, type Role } from '@/lib/domain/enums';

export const ROLE_CHOICES = ROLES;

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer: reads everything',
  operator: 'Operator: also acts on jobs, nodes and incidents',
  admin: 'Admin: also manages settings and people',
};
