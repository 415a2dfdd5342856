/** Okabe–Ito: a palette that stays distinct under the common colour-vision deficiencies. */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#000000'] as const;

/** Train and test curves. */
export const SERIES = { train: '#0072B2', test: '#D55E00' } as const;

/** Colour of token x (class colours follow the same order). */
export const tokenColor = (x: number) => OKABE_ITO[x % OKABE_ITO.length];
