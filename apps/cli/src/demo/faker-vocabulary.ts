import type { Vocabulary } from './generate/vocabulary';

const BUSINESS_KINDS = ['Newsagents', 'Convenience Store', 'Takeaway', 'Fish Bar', 'Pharmacy', 'Barbers', 'Cafe', 'Motors', 'Hardware', 'Off Licence', 'Launderette', 'Bakery'];
const PLACES = ['Primary School', 'Community Centre', 'Leisure Centre', 'Surgery', 'Social Club', 'Library', 'Medical Practice'];

/**
 * The demo vocabulary from faker's en_GB locale. faker ships as an ES module
 * only, so it is imported here, lazily, by the seed command alone: the API and
 * the worker never load it. Seeded with the demo seed, so streets and
 * business names repeat with it.
 */
export async function fakerVocabulary(seed: number): Promise<Vocabulary> {
  const { fakerEN_GB: faker } = await import('@faker-js/faker');
  faker.seed(seed);
  const person = faker.rawDefinitions.person as { first_name: { female: string[]; male: string[] }; last_name: { generic: string[] } };
  const streets = new Set<string>();
  for (let i = 0; i < 6000 && streets.size < 4000; i++) streets.add(faker.location.street());
  const businesses = new Set<string>();
  for (let i = 0; i < 1200 && businesses.size < 600; i++) {
    const x = faker.number.int(9);
    if (x < 6) businesses.add(`${faker.person.lastName()}'s ${faker.helpers.arrayElement(BUSINESS_KINDS)}`);
    else if (x < 8) businesses.add(`${faker.location.street().replace(/ \S+$/, '')} ${faker.helpers.arrayElement(PLACES)}`);
    else businesses.add(faker.company.name());
  }
  return {
    femaleFirstNames: person.first_name.female,
    maleFirstNames: person.first_name.male,
    lastNames: person.last_name.generic,
    streets: [...streets],
    businesses: [...businesses],
  };
}
