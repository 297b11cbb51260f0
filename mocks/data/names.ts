/*
 * Invented name parts. Combinations are drawn by the seeded generator; none is meant to be a real person.
 */
import type { Rng } from './random';

type NonEmpty = readonly [string, ...string[]];

const GIVEN_FEMALE: NonEmpty = [
  'Ada',
  'Beatriz',
  'Chioma',
  'Dagny',
  'Esperanza',
  'Farah',
  'Greta',
  'Hana',
  'Ingrid',
  'Jovana',
  'Keala',
  'Leilani',
  'Mirela',
  'Noor',
  'Odalys',
  'Priya',
  'Rosalind',
  'Saoirse',
  'Tamsin',
  'Ulla',
  'Yara',
  'Zofia',
];

const GIVEN_MALE: NonEmpty = [
  'Anselm',
  'Bram',
  'Caius',
  'Dario',
  'Emeka',
  'Florin',
  'Gideon',
  'Hamid',
  'Idris',
  'Jasper',
  'Kenji',
  'Lucan',
  'Matteo',
  'Niall',
  'Osric',
  'Rafferty',
  'Soren',
  'Tavi',
  'Ulrich',
  'Viktor',
  'Wendell',
  'Yusuf',
];

const FAMILY: NonEmpty = [
  'Abernathy',
  'Balogun',
  'Carrow',
  'Delacourt',
  'Esterhuizen',
  'Fairweather',
  'Gallardo',
  'Haverford',
  'Ishikawa',
  'Jaramillo',
  'Kovalenko',
  'Larkspur',
  'Marchetti',
  'Nwosu',
  'Oakenfield',
  'Pellegrino',
  'Quinlan',
  'Rasmussen',
  'Szabo',
  'Thornbury',
  'Umarov',
  'Vasquez-Lind',
  'Whitcombe',
  'Xiong',
  'Yilmaz',
  'Zaragoza',
  'Example',
];

export interface PersonName {
  given: string;
  family: string;
}

/** Draws a name not already in `taken` (which it updates). */
export function drawName(rng: Rng, gender: 'male' | 'female', taken: Set<string>): PersonName {
  for (;;) {
    const given = rng.pick(gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE);
    const family = rng.pick(FAMILY);
    const key = `${given} ${family}`;
    if (!taken.has(key)) {
      taken.add(key);
      return { given, family };
    }
  }
}
