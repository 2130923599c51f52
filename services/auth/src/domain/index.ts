/**
 * The pure domain of `services/auth`: access policy, parental controls, input
 * rules, tokens, lockouts, TOTP and consent. No I/O; clocks and randomness are
 * parameters. The service's store and API build on these.
 */
export * from './common-passwords';
export * from './consent';
export * from './credential-rules';
export * from './errors';
export * from './lockout';
export * from './parental-controls';
export * from './policy';
export * from './profile-rules';
export * from './tokens';
export * from './totp';
export {
  addDays,
  firstInstantAtOrAfter,
  type LocalDate,
  type LocalDateTime,
  localDateTime,
  nextLocalMidnight,
} from './zoned-time';
