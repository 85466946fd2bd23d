/**
 * The words demo rows are made of: names and streets. The seed command fills
 * it from faker's en_GB locale (faker-vocabulary.ts, seeded with `--seed`);
 * the generator itself only picks from it with its own random stream, so it
 * stays fast, deterministic and testable without faker.
 */
export interface Vocabulary {
  femaleFirstNames: readonly string[];
  maleFirstNames: readonly string[];
  lastNames: readonly string[];
  /** Street names without numbers ("Station Road"). */
  streets: readonly string[];
  /** Shops and other bodies that can be victims ("Patel's Newsagents"). */
  businesses: readonly string[];
}

/** A small fixed vocabulary for unit tests and for when faker is not installed. */
export const BASIC_VOCABULARY: Vocabulary = {
  femaleFirstNames: ['Amelia', 'Olivia', 'Isla', 'Ava', 'Priya', 'Grace', 'Sophie', 'Fatima', 'Emily', 'Jessica', 'Chloe', 'Aisha', 'Margaret', 'Susan', 'Helen'],
  maleFirstNames: ['Oliver', 'George', 'Harry', 'Jack', 'Mohammed', 'Noah', 'Arjun', 'Thomas', 'James', 'William', 'Daniel', 'Ryan', 'David', 'Peter', 'Kieran'],
  lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Patel', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Mistry', 'Evans', 'Thomas', 'Roberts', 'Khan', 'Walker', 'Wright', 'Thompson', 'White', 'Hughes', 'Edwards'],
  streets: ['Station Road', 'Church Street', 'High Street', 'Ashby Road', 'Mill Lane', 'Park Road', 'Victoria Street', 'Forest Road', 'Meadow Close', 'Granby Street', 'London Road', 'Chapel Lane', 'Orchard Way', 'The Green', 'Nottingham Road', 'Windmill Rise'],
  businesses: ['Patel Newsagents', 'Corner Convenience Store', 'Market Fish Bar', 'Station Garage', 'Greenfields Primary School', 'Riverside Community Centre', 'Central Pharmacy', 'Top Cuts Barbers'],
};
