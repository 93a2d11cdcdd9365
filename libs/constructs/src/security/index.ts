export * from './audit-trail';
export * from './config-recorder';
export * from './threat-detection';
export * from './finding-routing';
export * from './finding-remediation';
export * from './guardduty';
export * from './guardduty-region-watch';
export * from './session-logging';
