import { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('refuses 11 characters and accepts 12', () => {
    expect(passwordProblems('k7#Pq2!vXm9')).toEqual(['must be at least 12 characters long']);
    expect(passwordProblems('k7#Pq2!vXm9z')).toEqual([]);
    expect(PASSWORD_MIN_LENGTH).toBe(12);
  });

  it('counts characters as the user sees them, not UTF-16 units', () => {
    // 6 emoji are 12 UTF-16 code units but 6 characters.
    expect(passwordProblems('😀😁😂🤣😃😄')).toEqual(['must be at least 12 characters long']);
    expect(passwordProblems('😀😁😂🤣😃😄😅😆😉😊😋😎')).toEqual([]);
  });

  it('refuses more than 256 characters', () => {
    expect(passwordProblems('ab1'.repeat(85) + 'x')).toEqual([]);
    expect(passwordProblems('ab1'.repeat(86))).toEqual(['must be at most 256 characters long']);
  });

  it('refuses whitespace only', () => {
    expect(passwordProblems(' '.repeat(12))).toEqual(['must not be only spaces or other whitespace']);
    expect(passwordProblems('\t \n'.repeat(4))).toEqual(['must not be only spaces or other whitespace']);
  });

  it('refuses one character repeated, but not two characters', () => {
    expect(passwordProblems('a'.repeat(12))).toEqual(['must not be one character repeated']);
    expect(passwordProblems('é'.repeat(20))).toEqual(['must not be one character repeated']);
    expect(passwordProblems('a'.repeat(11) + 'b')).toEqual([]);
  });

  it('refuses the e-mail address, whatever its case', () => {
    expect(passwordProblems('Ann.Smith@Example.org', 'ann.smith@example.org')).toEqual(['must not be the e-mail address']);
    expect(passwordProblems('ann.smith@example.org', 'ANN.SMITH@EXAMPLE.ORG')).toEqual(['must not be the e-mail address']);
    expect(passwordProblems('ann.smith@example.org.uk', 'ann.smith@example.org')).toEqual([]);
    expect(passwordProblems('ann.smith@example.org')).toEqual([]);
  });

  it('refuses a common password from the shipped list, whatever its case', () => {
    expect(passwordProblems('password1234')).toEqual(['is one of the most common passwords; choose another']);
    expect(passwordProblems('QWERTY123456')).toEqual(['is one of the most common passwords; choose another']);
    expect(passwordProblems('1qaz2wsx3edc')).toEqual(['is one of the most common passwords; choose another']);
    expect(passwordProblems('correct-horse-battery-staple')).toEqual([]);
  });

  it('gives every reason that applies', () => {
    expect(passwordProblems('aaaaaaaaaaaa', 'aaaaaaaaaaaa')).toEqual(['must not be one character repeated', 'must not be the e-mail address']);
  });
});
