/**
 * Everyday English words (function words, number words, common adverbs) that say
 * nothing about why a request is benign. On its own such a word makes a dangerous
 * `unless` exception — "two" would also let "kill two people" through — so a
 * suggestion never proposes one alone; inside a phrase ("shoot me") it is fine.
 */
export const stopwords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
  can could did do does doing down during each few for from further had has have having he her here hers him his how i if in
  into is it its just me more most my no nor not now of off on once only or other our out over own same she should so some
  such than that the their them then there these they this those through to too under until up very was we were what when
  where which while who whom why will with would you your yours
  one two three four five six seven eight nine ten first second third next last new old still already again ever never
  today tomorrow yesterday please thanks thank hi hello ok okay yes get got make made need want like know`
    .split(/\s+/)
    .filter(Boolean),
);

/** Whether a single word is too common to stand alone as an exception. */
export function isStopword(word: string): boolean {
  return stopwords.has(word.toLowerCase()) || /^\d+$/.test(word);
}
