/**
 * The one boolean vocabulary of kuma-inject's settings, wherever they are written: a KumaInject
 * file (read as YAML 1.2, where exactly these words are booleans), a ConfigMap key, a flag and an
 * Argo CD variable. Nothing else (yes/no, 1/0, on/off) is a boolean anywhere, so a value copied
 * from one place to another keeps its meaning.
 */
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

/** The boolean a word spells, or undefined when it is not one of the vocabulary. */
export function booleanWord(text: string): boolean | undefined {
  return Object.hasOwn(BOOLEAN_WORDS, text) ? BOOLEAN_WORDS[text] : undefined;
}

/** Appended to every refusal of a boolean value. */
export const BOOLEAN_WORDS_HINT = 'no other words (yes/no, 1/0 and on/off are not booleans here)';
