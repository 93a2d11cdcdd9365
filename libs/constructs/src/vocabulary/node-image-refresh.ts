/**
 * When the system node group moves to the newest EKS image by default: Tuesday 04:00 UTC,
 * weekly, so no node runs an image more than a week behind its release (Karpenter's nodes
 * follow each release through drift at once, and expire after 30 days).
 */
export const SYSTEM_NODE_IMAGE_REFRESH = 'cron(0 4 ? * TUE *)';
