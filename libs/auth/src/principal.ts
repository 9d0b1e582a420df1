export const ROLES = ['applicant', 'caseworker', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling. An applicant acts for one enterprise (USCC); a caseworker for one authority. */
export interface Principal {
  subject: string;
  role: Role;
  uscc?: string;
  authority?: string;
  name?: string;
}
