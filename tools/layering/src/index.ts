export { checkRepository } from './check.js';
export { scanClockUse } from './clock-scan.js';
export { importRuleSet } from './import-rules.js';
export { allowedImports, sansIoPackages } from './layers.js';
export { formatViolation, type Violation, type ViolationRule } from './violation.js';
