// No vitest import here: the benches read these too.

/** The first source, whose facts most tests check: the Thai Cabinet resolution of 9 July 2024. */
export const RESOLUTION = 'cabinet-resolution-2024-07-09-adgmin4';

/**
 * The relationship the curation tests and benches add through the API: the resolution's section 5.2
 * says the meeting "will help promote a good image of Thailand", which the resolution's facts do not
 * state as a relationship.
 */
export const CURATED_REFERENCE = {
  type: 'REFERENCES',
  from: 'adgsom-5',
  to: 'thailand',
  source: RESOLUTION,
  section: '5.2',
  quote: 'จะช่วยส่งเสริมสร้างภาพลักษณ์ที่ดีแก่ประเทศไทย',
};
