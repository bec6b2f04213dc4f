/**
 * The command line cannot work as given: an unknown or misplaced option, a
 * missing server, username or password, a password offered as an argument.
 * Its message never repeats a value the user typed (it may be a secret).
 */
export class UsageError extends Error {
  override name = 'UsageError' as const;
}
