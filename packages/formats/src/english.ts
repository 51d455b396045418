/**
 * The singular of an English plural noun, by its spelling (a lower-case word in): "hostages" ->
 * "hostage", "casualties" -> "casualty", "churches" -> "church"; "status", "crisis", "class" and
 * words of three letters or fewer stay as they are. Light: irregular plurals are not known.
 */
export function singular(w: string): string {
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(w)) return w;
  if (/(ch|sh|x|ss)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && w.length > 3) return w.slice(0, -1);
  return w;
}

/**
 * A light English stem of a lower-case word, enough to match plurals and tenses: the -ing and -ed
 * endings off, then the singular. Words of four letters or fewer stay as they are.
 */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  return singular(w);
}
