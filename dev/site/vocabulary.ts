/** Word lists the fake site draws names and titles from. Plain, international, obviously made up. */

// prettier-ignore
export const FIRST_NAMES: readonly string[] = [
  'Mia', 'Noah', 'Aisha', 'Lucas', 'Priya', 'Mateo', 'Hana', 'Oliver', 'Zara', 'Kenji', 'Sofia', 'Ethan',
  'Amara', 'Liam', 'Yuki', 'Ines', 'Omar', 'Chloe', 'Ravi', 'Elena', 'Tomas', 'Leila', 'Samuel', 'Freya',
  'Diego', 'Nadia', 'Jonas', 'Maya', 'Arjun', 'Clara', 'Felix', 'Anika', 'Hugo', 'Lina', 'Kofi', 'Greta',
];

// prettier-ignore
export const LAST_NAMES: readonly string[] = [
  'Krystof', 'Okafor', 'Tanaka', 'Rossi', 'Nguyen', 'Schmidt', 'Haddad', 'Silva', 'Kowalski', 'Andersen',
  'Moreau', 'Patel', 'Fischer', 'Costa', 'Novak', 'Ivanova', 'Mendes', 'Larsen', 'Kim', 'Byrne', 'Dubois',
  'Sato', 'Reyes', 'Lindqvist', 'Mensah', 'Horvat', 'Adeyemi', 'Walsh', 'Popescu', 'Berg',
];

// prettier-ignore
export const TIME_ZONES: readonly string[] = [
  'Australia/Sydney', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles',
  'Asia/Tokyo', 'Asia/Kolkata', 'America/Sao_Paulo', 'Europe/Warsaw', 'Africa/Lagos',
];

export const LOCALES: readonly string[] = ['en_US', 'en_GB', 'de_DE', 'fr_FR', 'ja_JP', 'pt_BR', 'es_ES'];

export const PROJECT_NAMES: readonly {
  readonly key: string;
  readonly name: string;
  readonly type: string;
}[] = [
  { key: 'WEB', name: 'Web Platform', type: 'software' },
  { key: 'MOB', name: 'Mobile Apps', type: 'software' },
  { key: 'API', name: 'Public API', type: 'software' },
  { key: 'OPS', name: 'Operations', type: 'software' },
  { key: 'SUP', name: 'Customer Support', type: 'service_desk' },
  { key: 'MKT', name: 'Marketing Campaigns', type: 'business' },
  { key: 'HR', name: 'People Team', type: 'business' },
  { key: 'SEC', name: 'Security', type: 'software' },
  { key: 'DATA', name: 'Data Warehouse', type: 'software' },
  { key: 'FIN', name: 'Finance Requests', type: 'business' },
];

export const SPACE_NAMES: readonly { readonly key: string; readonly name: string }[] = [
  { key: 'ENG', name: 'Engineering' },
  { key: 'PROD', name: 'Product' },
  { key: 'SUPPORT', name: 'Support Knowledge Base' },
  { key: 'MKTG', name: 'Marketing' },
  { key: 'PEOPLE', name: 'People & Culture' },
  { key: 'SECOPS', name: 'Security Operations' },
  { key: 'ARCH', name: 'Architecture' },
];

// prettier-ignore
export const SUMMARY_VERBS: readonly string[] = [
  'Fix', 'Investigate', 'Add', 'Remove', 'Update', 'Refactor', 'Document', 'Migrate', 'Speed up', 'Review',
  'Audit', 'Automate', 'Localise', 'Harden', 'Redesign',
];

// prettier-ignore
export const SUMMARY_OBJECTS: readonly string[] = [
  'login page', 'password reset email', 'billing export', 'search results', 'onboarding flow', 'API rate limits',
  'audit log filters', 'dashboard widgets', 'CSV import', 'notification settings', 'SSO configuration',
  'release checklist', 'mobile push tokens', 'invoice PDF', 'webhook retries', 'dark mode', 'error pages',
  'cache invalidation', 'user avatars', 'data retention job', 'weekly report', 'access reviews',
];

// prettier-ignore
export const SUMMARY_QUALIFIERS: readonly string[] = [
  'on Safari', 'for EU customers', 'after the last deploy', 'in staging', 'for admins', 'on Android',
  'under load', 'for new users', 'in the Q3 plan', '', '', '', '',
];

// prettier-ignore
export const PAGE_TOPICS: readonly string[] = [
  'Onboarding guide', 'Architecture decision record', 'Incident postmortem', 'Release notes', 'Team charter',
  'Meeting notes', 'How-to', 'Runbook', 'Roadmap', 'Retrospective', 'Style guide', 'FAQ', 'Design review',
  'OKRs', 'Vendor evaluation', 'Security policy', 'On-call handbook', 'Product requirements',
];

// prettier-ignore
export const PAGE_SUBJECTS: readonly string[] = [
  'payments', 'search', 'mobile', 'the data pipeline', 'customer portal', 'SSO', 'the audit log', 'billing',
  'hiring', 'Q3 launch', 'the public API', 'support tooling', 'observability', 'pricing page', 'backups',
];

// prettier-ignore
export const BLOG_TOPICS: readonly string[] = [
  'What we shipped in', 'Lessons from', 'Welcome to the team:', 'A week in', 'Why we moved to', 'Notes from',
];

// prettier-ignore
export const LABELS: readonly string[] = [
  'frontend', 'backend', 'customer-reported', 'tech-debt', 'security', 'performance', 'ux', 'regression',
  'needs-triage', 'quick-win', 'documentation', 'infra',
];

export const FILE_NAMES: readonly { readonly name: string; readonly mimeType: string }[] = [
  { name: 'screenshot.png', mimeType: 'image/png' },
  { name: 'error-log.txt', mimeType: 'text/plain' },
  { name: 'design-v2.pdf', mimeType: 'application/pdf' },
  { name: 'export.csv', mimeType: 'text/csv' },
  { name: 'recording.mp4', mimeType: 'video/mp4' },
  { name: 'diagram.svg', mimeType: 'image/svg+xml' },
  {
    name: 'contract.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
];

// prettier-ignore
export const COMMENTS: readonly string[] = [
  'Looking into this now.', 'Can you share the steps to reproduce?', 'Fixed in the latest build, please verify.',
  'This is blocked by the API change.', 'Moved to next sprint.', 'Customer confirmed the workaround works.',
  'Added logs from production.', 'Duplicate of an older ticket, linking it.', 'PR is up for review.',
  'Deployed to staging.', 'Not reproducible on my side.', 'Agreed, let us keep it simple.',
];

// prettier-ignore
export const DESCRIPTIONS: readonly string[] = [
  'Steps to reproduce are in the attached log.', 'Acceptance criteria: the admin sees the new setting.',
  'Reported by three customers this week.', 'Needs a design review before we start.',
];
