import { jmbgControlDigit } from '../src/shared/jmbg';
import { latinToCyrillic } from '../src/shared/script';

/**
 * Realistic client lists for the benchmark: Serbian and Romani names as desks see them (about 240
 * surnames, the most common one about 1.5% of people, with a long tail), about a third typed in Cyrillic, some typed without diacritics, valid or missing JMBGs (never invalid,
 * so a commit goes through), phones in the ways people write them, places of the MSC offices.
 * Deterministic for a seed, so runs compare.
 */

// prettier-ignore
const SURNAMES = [
  'Jovanović', 'Petrović', 'Nikolić', 'Marković', 'Đorđević', 'Stojanović', 'Ilić', 'Stanković', 'Pavlović',
  'Milošević', 'Popović', 'Todorović', 'Živković', 'Ristić', 'Kostić', 'Stefanović', 'Savić', 'Mitrović',
  'Lazić', 'Radovanović', 'Lukić', 'Obradović', 'Simić', 'Petković', 'Vasić', 'Kovačević', 'Milenković',
  'Đurić', 'Mladenović', 'Krstić', 'Pešić', 'Tomić', 'Stojković', 'Nedeljković', 'Filipović', 'Jevtić',
  'Dimitrijević', 'Janković', 'Zdravković', 'Mihajlović', 'Cvetković', 'Bogdanović', 'Stevanović',
  'Ranđelović', 'Aleksić', 'Vuković', 'Gajić', 'Antić', 'Tasić', 'Mitić', 'Nešić', 'Ćirić', 'Veljković',
  'Lazarević', 'Miletić', 'Jović', 'Spasić', 'Babić', 'Marjanović', 'Matić', 'Rakić', 'Šaćiri', 'Bajramović',
  'Ramadani', 'Demirović', 'Mustafić', 'Berisha', 'Ahmetović', 'Osmani', 'Salihović', 'Bekteši', 'Memedović',
  'Redžepović', 'Alijević', 'Jašarević', 'Kurteši', 'Ćurković', 'Durmišević', 'Rustemović', 'Sulejmanović',
  'Ibrahimović', 'Hasanović', 'Mehmedović', 'Ajdini', 'Iseni', 'Emini', 'Selimović', 'Mujović', 'Jusufović',
  'Kamberović', 'Gaši', 'Krasniqi', 'Rexhepi', 'Musić', 'Zekić', 'Bislimi', 'Bajrami', 'Jakupović',
  'Dautović', 'Ademović',
] as const;
/** Stems and endings for the long tail of rarer surnames every real register has. */
// prettier-ignore
const SURNAME_STEMS = [
  'Milan', 'Rad', 'Vuk', 'Drag', 'Bog', 'Stan', 'Mil', 'Pej', 'Bran', 'Vel', 'Živ', 'Mir', 'Ljub', 'Slav',
  'Dobr', 'Vojin', 'Ran', 'Stoj', 'Bož', 'Nov', 'Sim', 'Đok', 'Vlad', 'Jak', 'Gruj', 'Tod', 'Maks', 'Bor',
] as const;
const SURNAME_ENDINGS = ['ović', 'ić', 'ković', 'ančić', 'ašević'] as const;
// prettier-ignore
const MALE_NAMES = [
  'Dragan', 'Marko', 'Nikola', 'Milan', 'Zoran', 'Nenad', 'Dejan', 'Stefan', 'Aleksandar', 'Miloš', 'Senad',
  'Elvis', 'Bekim', 'Dževdet', 'Ljubiša', 'Sead', 'Ramiz', 'Đorđe', 'Muharem', 'Safet', 'Bajram', 'Vladimir',
  'Nemanja', 'Ivan', 'Goran', 'Saša', 'Bojan', 'Dušan', 'Slobodan', 'Miroslav', 'Erdžan', 'Besim', 'Fadil',
  'Kemal', 'Emir', 'Armin', 'Denis', 'Dalibor', 'Ilir', 'Arben', 'Nazim', 'Ismet',
] as const;
// prettier-ignore
const FEMALE_NAMES = [
  'Jelena', 'Ana', 'Milica', 'Dragana', 'Ljubica', 'Marija', 'Ivana', 'Snežana', 'Fatima', 'Selvije', 'Sabina',
  'Merima', 'Šemsa', 'Jasmina', 'Gordana', 'Nataša', 'Emina', 'Ajša', 'Zorica', 'Vesna', 'Đurđica', 'Nermina',
  'Jovana', 'Tijana', 'Danijela', 'Biljana', 'Slađana', 'Mirjana', 'Dijana', 'Suzana', 'Elmaza', 'Sevdija',
  'Hanife', 'Remzija', 'Bukurije', 'Mirela', 'Sanela', 'Samira', 'Azra', 'Medina',
] as const;
// prettier-ignore
const PLACES = [
  ['Niš', 73], ['Novi Sad', 80], ['Beograd', 71], ['Kragujevac', 72], ['Subotica', 82], ['Novi Pazar', 78],
  ['Bor', 75], ['Kruševac', 72], ['Kraljevo', 78], ['Leskovac', 74], ['Vranje', 74], ['Prokuplje', 73],
] as const;
// prettier-ignore
const STREETS = [
  'Cara Dušana', 'Kralja Petra I', 'Njegoševa', 'Bulevar oslobođenja', 'Vojvode Mišića', 'Romska',
  'Nikole Tesle', 'Ćirila i Metodija', 'Svetog Save', 'Jug Bogdanova', 'Partizanska', 'Šumadijska',
] as const;
const CATEGORIES = [
  'Povratnik iz Nemačke',
  'Povratnik iz druge zemlje',
  'Ranjivo lokalno stanovništvo',
  'Regularna migracija',
];

export const GENERATED_HEADERS = [
  'Prezime',
  'Ime',
  'Ime roditelja',
  'Pol',
  'Datum rođenja',
  'JMBG',
  'Telefon',
  'Adresa',
  'Mesto',
  'Kategorija',
] as const;

export interface GeneratedClient {
  surname: string;
  givenName: string;
  parentName: string;
  sex: 'M' | 'Ž';
  birthDate: string;
  jmbg: string;
  phone: string;
  address: string;
  place: string;
  category: string;
}

/** mulberry32: a tiny seeded PRNG, good enough to spread test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const withoutDiacritics = (text: string): string =>
  text.replaceAll('đ', 'dj').replaceAll('Đ', 'Dj').normalize('NFD').replace(/\p{M}/gu, '');

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function generateClients(count: number, seed = 2024): GeneratedClient[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const surnames = weighted(
    [...SURNAMES, ...SURNAME_STEMS.flatMap((stem) => SURNAME_ENDINGS.map((ending) => stem + ending))],
    30,
  );
  const maleNames = weighted(MALE_NAMES, 5);
  const femaleNames = weighted(FEMALE_NAMES, 5);
  /** Names follow a long-tailed distribution: the first of a list is common, the last rare. */
  function weighted(list: readonly string[], flatten: number): () => string {
    const cumulative: number[] = [];
    let total = 0;
    list.forEach((_, i) => cumulative.push((total += 1 / (i + flatten))));
    return () => {
      const x = next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
        else hi = mid;
      }
      return list[lo] ?? '';
    };
  }
  const usedJmbgs = new Set<string>();
  const clients: GeneratedClient[] = [];

  for (let i = 0; i < count; i++) {
    const female = next() < 0.5;
    const [place, region] = pick(PLACES);
    const year = 1940 + Math.floor(next() * 80);
    const month = 1 + Math.floor(next() * 12);
    const day = 1 + Math.floor(next() * 28);
    const birthDate = `${pad(day, 2)}.${pad(month, 2)}.${year}.`;

    let jmbg = '';
    if (next() < 0.7) {
      // Serial 000–499 for men, 500–999 for women; retry on the rare repeat.
      for (let attempt = 0; attempt < 10 && jmbg === ''; attempt++) {
        const serial = (female ? 500 : 0) + Math.floor(next() * 500);
        const first12 = `${pad(day, 2)}${pad(month, 2)}${pad(year % 1000, 3)}${region}${pad(serial, 3)}`;
        const candidate = `${first12}${jmbgControlDigit(first12)}`;
        if (!usedJmbgs.has(candidate)) jmbg = candidate;
      }
      usedJmbgs.add(jmbg);
    }

    const roll = next();
    const mobile = `06${Math.floor(next() * 10)}${pad(Math.floor(next() * 10_000_000), 7)}`;
    const phone =
      roll < 0.2
        ? ''
        : roll < 0.5
          ? mobile
          : roll < 0.75
            ? `${mobile.slice(0, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6)}`
            : `+381 ${mobile.slice(1, 3)} ${mobile.slice(3)}`;

    let surname = surnames();
    let givenName = female ? femaleNames() : maleNames();
    let parentName = next() < 0.6 ? maleNames() : '';
    let street = next() < 0.85 ? `${pick(STREETS)} ${1 + Math.floor(next() * 150)}` : '';
    let placeName: string = next() < 0.9 ? place : '';

    const script = next();
    if (script < 0.33) {
      [surname, givenName, parentName, street, placeName] = [
        surname,
        givenName,
        parentName,
        street,
        placeName,
      ].map(latinToCyrillic) as [string, string, string, string, string];
    } else if (script < 0.5) {
      [surname, givenName, parentName, street, placeName] = [
        surname,
        givenName,
        parentName,
        street,
        placeName,
      ].map(withoutDiacritics) as [string, string, string, string, string];
    }

    clients.push({
      surname,
      givenName,
      parentName,
      sex: female ? 'Ž' : 'M',
      birthDate,
      jmbg,
      phone,
      address: street,
      place: placeName,
      category: pick(CATEGORIES),
    });
  }
  return clients;
}

const csvField = (value: string): string =>
  /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** A `;` CSV with a BOM and Serbian headers, as Excel in a Serbian locale saves it. */
export function clientsCsv(clients: readonly GeneratedClient[]): string {
  const lines = [GENERATED_HEADERS.join(';')];
  for (const c of clients) {
    lines.push(
      [
        c.surname,
        c.givenName,
        c.parentName,
        c.sex,
        c.birthDate,
        c.jmbg,
        c.phone,
        c.address,
        c.place,
        c.category,
      ]
        .map(csvField)
        .join(';'),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
