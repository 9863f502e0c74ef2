/** Cardinal and ordinal words, and vague quantities as ranges (the model's convention: "a few" is 2 to 4). */
export const CARDINALS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  hundred: 100, dozen: 12, single: 1, both: 2, pair: 2, couple: 2,
};

export const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

export interface VagueQuantity { min: number; max: number | null }

export const VAGUE: Record<string, VagueQuantity> = {
  'a few': { min: 2, max: 4 },
  few: { min: 2, max: 4 },
  'a couple of': { min: 2, max: 2 },
  several: { min: 3, max: 9 },
  'a number of': { min: 2, max: null },
  some: { min: 1, max: null },
  multiple: { min: 2, max: null },
  numerous: { min: 5, max: null },
  many: { min: 5, max: null },
  dozens: { min: 24, max: null },
  'dozens of': { min: 24, max: null },
  'tens of': { min: 20, max: null },
  scores: { min: 40, max: null },
  'scores of': { min: 40, max: null },
  hundreds: { min: 200, max: null },
  'hundreds of': { min: 200, max: null },
};
