/** Words of kidnapping: a clause with one tells of an abduction (ACLED's "Abduction/forced disappearance"). */
export const ABDUCTION = /\b(?:kidnapp?(?:ed|ing)|abduct(?:ed|ing|ion)|taken hostage|took (?:\w+ ){0,2}hostages?|hostage-taking)\b/i;

/**
 * Every word the casualty rules (quantities.ts) act on, and then some: a sentence with none of them holds no killed
 * or injured figure, not even "no casualties". Part of the event cue (lexicons.ts), so keep it a superset.
 */
export const CASUALTY_WORDS = /\b(?:kill\w*|dead|died|dies|die|slain|lives|life|perished|fatalit\w*|deaths?|left|leaving|injur\w*|wound\w*|hurt\w*|casualt\w*|victims?|harmed|assassinat\w*|execut\w*)\b/i;
