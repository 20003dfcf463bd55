import { stemmer } from 'stemmer';

/** Words that carry no topic: dropped from queries and documents alike. */
export const STOPWORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both
  but by can could did do does doing done down during each else few for from further had has have having he her
  here hers him his how i if in into is it its itself just let me more most my no nor not now of off on once only
  or other our out over own same she should so some such than that the their them then there these they this
  those through to too under until up us very was we were what when where which while who whom why will with
  would you your yours yourself also can't don't isn't vs via per e.g i.e etc whether everything anything many much
  something nothing everyone anyone someone nobody everybody somebody anybody yet still ever even quite rather really`.split(/\s+/u),
);

/**
 * Function words that are not stopwords (they can matter in the notes: "without training") but that
 * the dictionary does not list, so they must never count as an unknown name in a question.
 */
export const FUNCTION_WORDS = new Set(
  `among amongst against beside toward towards upon without onto whereas although unless whose whoever whichever
  whenever since unto amid amidst versus themselves ourselves myself himself herself yourselves shall ought cannot
  i'm you're we're they're i've you've we've they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll
  we'll they'll aren't wasn't weren't hasn't haven't hadn't doesn't didn't won't wouldn't shan't shouldn't
  couldn't mustn't mightn't needn't gonna wanna gotta`.split(/\s+/u),
);

/** Question scaffolding: ignored when judging whether the notes cover a question. */
export const QUESTION_WORDS = new Set(
  `explain describe tell give list name define definition mean meaning means know show summarize summarise
  please brief briefly detail details example examples thing things used use using called call happen happened
  difference different differ compare versus work works working role purpose idea main key kind kinds type types
  notes note say says said according whats what's stand stands standing abbreviation acronym short come comes came
  mentioned mention mentions listed list lists described`.split(/\s+/u),
);

/**
 * Verbs of an event, which in a question about its date ("When was the Transformer introduced?")
 * name the kind of fact asked for, not the topic: the notes' timeline says "2017: Transformer
 * architecture".
 */
export const EVENT_VERBS = new Set(
  `introduce introduced invent invented create created develop developed made publish published propose proposed
  launch launched release released appear appeared`.split(/\s+/u),
);

/** Lowercases and splits text into word tokens; keeps model names like "gpt-3" and "8k" intact. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .replace(/[’']/gu, "'")
      .match(/[\p{L}\p{N}]+(?:[-.'][\p{L}\p{N}]+)*/gu) ?? []
  ).map((w) => w.replace(/'s$/u, ''));
}

const stemCache = new Map<string, string>();

/** Porter stem of one lowercase word, memoised (the vocabulary is small, queries repeat words). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = /\d/u.test(word) || word.length <= 3 ? word : stemmer(word);
    if (stemCache.size < 200_000) stemCache.set(word, s);
  }
  return s;
}

/** "third stage" meets "Stage 3", "the second Llama" meets "Llama 2". */
const ORDINALS: Record<string, string> = {
  first: '1', second: '2', third: '3', fourth: '4', fifth: '5', sixth: '6', seventh: '7', eighth: '8', ninth: '9', tenth: '10',
};

/**
 * Index terms of a text: stems of non-stopwords; a hyphenated word also yields its joined form
 * and its parts ("fine-tuning" → "fine-tun", "finetun", "fine", "tune"), so spellings meet; an
 * ordinal also yields its number.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    const ordinal = ORDINALS[w];
    if (ordinal) out.push(ordinal);
    if (w.includes('-') || w.includes('.')) {
      out.push(stem(w.replace(/[-.]/gu, '')));
      for (const part of w.split(/[-.]/u)) if (part && !STOPWORDS.has(part)) out.push(stem(part));
    } else {
      out.push(stem(w));
    }
  }
  return out;
}
