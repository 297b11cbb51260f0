/* Check digits: LOINC codes end in a mod-10 (Luhn) digit, SNOMED CT ids in a Verhoeff digit. */

export function loincCheckDigitOk(code: string): boolean {
  const digits = code.replace('-', '');
  if (!/^\d+-\d$/.test(code)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = Number(digits[i]);
    if (double) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/**
 * A SNOMED CT concept id: 6 to 18 digits, partition '00' (a concept of the international release) or
 * '10' (a concept of an extension, such as the US edition's 1000124 namespace), valid Verhoeff digit.
 */
export function snomedConceptIdOk(id: string): boolean {
  if (!/^\d{6,18}$/.test(id) || !['00', '10'].includes(id.slice(-3, -1))) return false;
  let c = 0;
  [...id].reverse().forEach((ch, i) => {
    c = D[c]?.[P[i % 8]?.[Number(ch)] ?? 0] ?? -1;
  });
  return c === 0;
}
