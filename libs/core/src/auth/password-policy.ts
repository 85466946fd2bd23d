import { dictionary } from '@zxcvbn-ts/language-common';

/** The shortest password accepted (NIST SP 800-63B asks for at least 8; we ask 12). */
export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any pass phrase, short enough that hashing it costs nothing unusual. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * The common passwords of the zxcvbn-ts "common" dictionary (about 49,000
 * taken from breach lists), lower-cased. Only those of the minimum length or
 * more matter: shorter ones are refused for their length anyway.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN_LENGTH).map((p) => p.toLowerCase()));
  return common;
}

/**
 * Why a password may not be used, or [] when it may (issue 12): at least 12
 * characters (counted as the user sees them), not whitespace only, not one
 * character repeated, not the account's e-mail address (whatever its case),
 * and not a well-known common password. Each reason is a sentence for the
 * `details` of a 400.
 */
export function passwordProblems(password: string, email?: string): string[] {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return [`must be at least ${PASSWORD_MIN_LENGTH} characters long`];
  if (chars.length > PASSWORD_MAX_LENGTH) return [`must be at most ${PASSWORD_MAX_LENGTH} characters long`];
  const problems: string[] = [];
  if (password.trim() === '') problems.push('must not be only spaces or other whitespace');
  else if (chars.every((c) => c === chars[0])) problems.push('must not be one character repeated');
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) problems.push('must not be the e-mail address');
  if (commonPasswords().has(password.toLowerCase())) problems.push('is one of the most common passwords; choose another');
  return problems;
}
